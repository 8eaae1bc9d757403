"""Where things live in the repository."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
