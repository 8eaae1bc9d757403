"""A template as an editable .docx (python-docx): A4, GB/T 9704-like layout.

- page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
- body: 仿宋_GB2312 三号 (16 pt), fixed line spacing 28 pt, first line indented two characters
- titles: 方正小标宋简体 二号 (22 pt), centred; headings 黑体 三号
- fonts that may be missing fall back: the font table names a Windows/WPS font for each
  (仿宋_GB2312 → 仿宋 / FangSong, 方正小标宋简体 → 宋体 / SimSun, 黑体 → SimHei), which Word,
  WPS and LibreOffice use when the first font is not installed
- placeholders 【…】 are highlighted yellow, so nothing is left unfilled by mistake
"""
from __future__ import annotations

import copy
import io
from functools import lru_cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from kb.documents.compose import PLACEHOLDER, TemplateDoc

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# font → (the font Windows and WPS have, its Latin name) used when the first is not installed
FALLBACKS = {BODY_FONT: ("仿宋", "FangSong"), TITLE_FONT: ("宋体", "SimSun"), HEADING_FONT: ("黑体", "SimHei")}
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_PT, TITLE_PT, TABLE_PT = 16, 22, 12


def _set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")


@lru_cache(maxsize=32)
def _run_properties(name: str, size: float, bold: bool):
    """The run properties (<w:rPr>) of one font, size and weight, made once through python-docx."""
    scratch = Document().add_paragraph().add_run()
    _set_font(scratch, name, size, bold)
    return scratch._element.rPr


def _font(run, name: str, size: float, bold: bool = False) -> None:
    # A copy of the properties made once: setting them through python-docx for every run was
    # most of the time of a document.
    rpr = run._element.get_or_add_rPr()
    run._element.replace(rpr, copy.deepcopy(_run_properties(name, size, bold)))


def _runs(paragraph, text: str, font: str, size: float, bold: bool = False) -> None:
    """Text with every 【placeholder】 highlighted."""
    last = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > last:
            _font(paragraph.add_run(text[last:m.start()]), font, size, bold)
        run = paragraph.add_run(m.group(0))
        _font(run, font, size, bold)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        last = m.end()
    if last < len(text):
        _font(paragraph.add_run(text[last:]), font, size, bold)


def _spacing(paragraph, line_pt: float = 28, indent: bool = False, align=None) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(BODY_PT * 2)
    if align is not None:
        paragraph.alignment = align


def _font_table(document) -> None:
    """Declare the Chinese fonts with the alternative Word and WPS use when one is missing
    (python-docx has no API for the font table: edit its XML)."""
    from lxml import etree
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            if hasattr(part, "element"):
                _add_fonts(part.element)
            else:
                root = etree.fromstring(part.blob)
                _add_fonts(root)
                part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            return


def _add_fonts(root) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, (alt, latin) in FALLBACKS.items():
        font = root.makeelement(f"{{{w}}}font", {f"{{{w}}}name": name})
        for tag, value in (("altName", f"{alt},{latin}"), ("charset", "86"), ("family", "modern"), ("pitch", "fixed")):
            font.append(root.makeelement(f"{{{w}}}{tag}", {f"{{{w}}}val": value}))
        root.append(font)


def docx_bytes(doc: TemplateDoc, organisation: str = "") -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    props = document.core_properties
    props.title, props.author, props.comments = doc.title, organisation, "由信访工作知识库的模板页面生成；【】内的内容请替换。"
    first = True
    for b in doc.blocks:
        if b.kind == "table":
            rows = b.rows
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, row in enumerate(rows):
                for j, cell_text in enumerate(row):
                    cell = table.cell(i, j)
                    p = cell.paragraphs[0]
                    _spacing(p, 20)
                    _runs(p, cell_text, HEADING_FONT if i == 0 else BODY_FONT, TABLE_PT)
            continue
        p = document.add_paragraph()
        if b.kind == "title":
            _spacing(p, 36, align=WD_ALIGN_PARAGRAPH.CENTER)
            _runs(p, b.text, TITLE_FONT, TITLE_PT)
            if first:
                p.paragraph_format.space_after = Pt(6)
        elif b.kind == "number":
            _spacing(p, 28, align=WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.space_after = Pt(12)
            _runs(p, b.text, BODY_FONT, BODY_PT)
        elif b.kind == "heading":
            _spacing(p, 28, indent=True)
            _runs(p, b.text, HEADING_FONT, BODY_PT)
        elif b.kind == "signature":
            _spacing(p, 28, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(BODY_PT * 2)
            _runs(p, b.text, BODY_FONT, BODY_PT)
        elif b.kind == "salutation":
            _spacing(p, 28)
            _runs(p, b.text, BODY_FONT, BODY_PT)
        else:
            _spacing(p, 28, indent=True)
            _runs(p, b.text, BODY_FONT, BODY_PT)
        first = False
    _font_table(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
