"""Where things live in the repository."""
import os
from pathlib import Path

# KB_ROOT points the tools at another copy of the repository (tests build a modified copy
# in a temporary folder); normally the root is found from where this package lives.
ROOT = Path(os.environ.get("KB_ROOT") or Path(__file__).resolve().parent.parent).resolve()
DATA_DIR = ROOT / "data"
SCHEMA_DIR = DATA_DIR / "schema"
DOCS_DIR = ROOT / "docs"
SITE_DIR = ROOT / "site"


def display(path: Path) -> str:
    """Path as staff should see it in a message: relative to the repository when possible."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
