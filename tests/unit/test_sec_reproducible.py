"""Reproducible builds: the handout PDFs carry the build's date (SOURCE_DATE_EPOCH or the last
commit), not the time of printing, written in place so the PDF stays valid (in-process)."""
from kb.handouts.printing import build_epoch, set_pdf_dates

PDF = (b"%PDF-1.4\n1 0 obj\n<</Creator (HeadlessChrome)\n/CreationDate (D:20261202103324+00'00')\n"
       b"/ModDate (D:20261202103325+08'00')>>\nendobj\nxref\n0 2\n0000000000 65535 f \ntrailer\n%%EOF\n")


def test_pdf_dates_are_the_build_date_and_lengths_stay(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(PDF)
    set_pdf_dates(pdf, 1764671400)  # 2025-12-02 10:30:00 UTC
    out = pdf.read_bytes()
    assert len(out) == len(PDF)
    assert b"/CreationDate (D:20251202103000+00'00')" in out and b"/ModDate (D:20251202103000+00'00')" in out
    copy = tmp_path / "b.pdf"
    copy.write_bytes(PDF.replace(b"103324", b"235959"))
    set_pdf_dates(copy, 1764671400)
    assert copy.read_bytes() == out  # printed at another time, same bytes


def test_build_epoch_from_source_date_epoch_or_the_last_commit(tmp_path):
    assert build_epoch(tmp_path, {"SOURCE_DATE_EPOCH": "1764671400"}) == 1764671400
    assert build_epoch(tmp_path, {}) is None  # not a git checkout: Chromium's date stays
