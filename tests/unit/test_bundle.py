import datetime
import zipfile

import pytest

from kb.cli.bundle import write_bundle
from kb.cli.common import UsageError


def test_bundle_has_one_dated_folder_with_the_site_and_the_instructions(tmp_path):
    site = tmp_path / "site"
    (site / "handouts").mkdir(parents=True)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    (site / "handouts" / "a.pdf").write_bytes(b"%PDF-1.7")
    target = write_bundle(site, tmp_path / "out", datetime.date(2026, 12, 2))
    assert target.name == "信访工作知识库-20261202.zip"
    with zipfile.ZipFile(target) as z:
        names = set(z.namelist())
        readme = z.read("信访工作知识库-20261202/使用说明.txt").decode("utf-8-sig")
    assert names == {"信访工作知识库-20261202/使用说明.txt", "信访工作知识库-20261202/index.html",
                     "信访工作知识库-20261202/handouts/a.pdf"}
    assert "index.html" in readme and "共 1 份 PDF" in readme and "2026-12-02" in readme
    with pytest.raises(UsageError, match="不是构建好的网站"):
        write_bundle(tmp_path / "nothing", tmp_path / "out", datetime.date(2026, 12, 2))
