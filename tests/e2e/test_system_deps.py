"""scripts/system-deps.sh (run by make test, build, handouts): it installs only what is missing."""
import subprocess
from pathlib import Path

from kbtest import ROOT


def _fake_tools(folder: Path, fonts: str) -> dict:
    folder.mkdir()
    for name, body in {"chromium": "exit 0", "pdftotext": "exit 0", "id": "echo 1000",
                       "fc-list": f"printf '{fonts}'; yes 'DejaVu Sans' | head -n 20000",
                       "apt-get": "echo APT-GET-RAN; exit 1"}.items():
        (folder / name).write_text(f"#!/bin/bash\n{body}\n", encoding="utf-8")
        (folder / name).chmod(0o755)
    return {"PATH": f"{folder}:/usr/bin:/bin"}


def test_installed_fonts_are_found_even_in_a_long_font_list(tmp_path):
    """`fc-list | grep -q` under pipefail counted the font as missing (SIGPIPE), so apt-get ran every time."""
    env = _fake_tools(tmp_path / "bin", "Noto Sans CJK SC\\n")
    out = subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh")], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and "已安装" in out.stdout, out.stdout + out.stderr
    assert "缺少" not in out.stdout + out.stderr


def test_a_missing_font_is_named_with_the_command_that_installs_it(tmp_path):
    env = _fake_tools(tmp_path / "bin", "")
    out = subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh")], capture_output=True, text=True, env=env)
    assert "缺少 fonts-noto-cjk" in out.stderr and "apt-get install" in out.stderr, out.stdout + out.stderr
    assert "chromium" not in out.stderr.split("。")[0], "only what is missing"
