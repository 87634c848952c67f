"""Any paper (`Document`) as a Word file, in the Party's format of `format.py` (python-docx).

Built in code rather than from a .docx template (docxtpl): the format's numbers stay in one Python
module shared with the PDF, the file is reviewable as text, and a table of any length needs no loop
hidden in Word's XML.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from apps.reports.documents import format as party
from apps.reports.documents.model import Document, Heading, Paragraph, Table

CELL_MARGIN_TWIPS = 45  # 0.8 mm each side, as the PDF's cells: a date fits its column
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _page(doc: Any, landscape: bool) -> int:
    """A4 with the format's margins; returns the text width in millimetres."""
    section = doc.sections[0]
    width, height = party.A4_MM
    if landscape:
        width, height = height, width
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(party.MARGIN_TOP_MM), Mm(party.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(party.MARGIN_LEFT_MM), Mm(party.MARGIN_RIGHT_MM)
    return width - party.MARGIN_LEFT_MM - party.MARGIN_RIGHT_MM


def _base_style(doc: Any) -> None:
    style = doc.styles["Normal"]
    style.font.name = party.FONT_DOCX
    style.font.size = Pt(party.BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), party.FONT_DOCX)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)


def _line(
    cell_or_doc: Any,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> Any:
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _row_flags(row: Any, *, header: bool = False) -> None:
    """A row never split across pages; the header row repeated on every page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _head(doc: Any, document: Document, text_mm: int) -> None:
    head = document.head
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    table.columns[0].width, table.columns[1].width = Mm(text_mm * 0.42), Mm(text_mm * 0.58)
    left.width, right.width = Mm(text_mm * 0.42), Mm(text_mm * 0.58)
    _line(left, head.higher_body, size=party.HEAD_PT, first=True)
    _line(left, head.issuer, size=party.HEAD_PT, bold=True)
    _line(left, party.STAR, size=party.HEAD_PT)
    _line(left, head.number, size=party.NUMBER_PT)
    _line(right, party.PARTY, size=party.PARTY_PT, bold=True, underline=True, first=True)
    _line(right, "")
    _line(right, head.place_date, size=party.NUMBER_PT, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _line(doc, "")
    _line(doc, head.doc_type, size=party.TYPE_PT, bold=True)
    for title in head.title:
        _line(doc, title, size=party.BODY_PT, bold=True)
    _line(doc, "-----")


def _set_width(cell: Any, mm: float, nowrap: bool = False) -> None:
    cell.width = Mm(mm)
    if nowrap:
        cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def _table(doc: Any, block: Table, text_mm: int, size: float) -> None:
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(c.width for c in block.columns) or 1
    widths = [text_mm * c.width / total for c in block.columns]
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid: what LibreOffice and Word lay the table out by
    header = table.rows[0]
    _row_flags(header, header=True)
    for cell, column, width in zip(header.cells, block.columns, widths, strict=True):
        _set_width(cell, width)
        _line(cell, column.header, size=size, bold=True, first=True)
    for values in block.rows:
        row = table.add_row()
        _row_flags(row)
        for cell, column, width, value in zip(row.cells, block.columns, widths, values, strict=True):
            _set_width(cell, width, column.nowrap)
            _line(cell, value, size=size, align=ALIGN[column.align], first=True)


def _signature(doc: Any, document: Document, text_mm: int) -> None:
    signature = document.signature
    _line(doc, "")
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _row_flags(table.rows[0])
    left, right = table.rows[0].cells
    table.columns[0].width = table.columns[1].width = Mm(text_mm * 0.5)
    left.width, right.width = Mm(text_mm * 0.5), Mm(text_mm * 0.5)
    _line(
        left,
        party.RECIPIENTS_LABEL,
        size=party.RECIPIENTS_PT + 1,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first=True,
    )
    for recipient in signature.recipients:
        _line(left, recipient, size=party.RECIPIENTS_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in signature.lines:
        _line(right, line, size=party.BODY_PT, bold=True, first=first)
        first = False
    for _ in range(4):
        _line(right, "")
    _line(right, signature.name, size=party.BODY_PT, bold=True)


def _page_numbers(doc: Any) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def write_docx(document: Document, stream: BinaryIO) -> None:
    """The paper as a .docx written to a binary stream."""
    doc = new_docx()
    _base_style(doc)
    text_mm = _page(doc, document.landscape)
    _head(doc, document, text_mm)
    size = party.WIDE_TABLE_PT if document.landscape else party.TABLE_PT
    for block in document.blocks:
        if isinstance(block, Heading):
            paragraph = _line(
                doc, block.text, bold=True, italic=block.level > 1, align=WD_ALIGN_PARAGRAPH.LEFT
            )
            paragraph.paragraph_format.space_before = Pt(6)
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            paragraph = _line(
                doc, block.text, bold=block.bold, italic=block.italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY
            )
            if block.indent:
                paragraph.paragraph_format.first_line_indent = Mm(10)
        else:
            _table(doc, block, text_mm, size)
    _signature(doc, document, text_mm)
    _page_numbers(doc)
    doc.core_properties.title = " ".join((document.head.doc_type, *document.head.title))
    doc.core_properties.author = document.head.issuer
    doc.save(stream)
