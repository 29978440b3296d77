"""The municipality's plan as a Word document (python-docx), from the same document
structure as the PDF (alis_desktop/plan_document.py), so the headings are the same: the
sections in Word's «Heading 1», arenas and other sub-headings in «Heading 2», a title page,
a table of contents field Word fills in when the document is opened (F9 updates it), tables
in «Table Grid», web addresses as links. The municipality publishes it as it publishes
its other plans and can make last edits in Word."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from reports.municipal_plan import _URL


def _hyperlink(paragraph, url: str) -> None:
    """A clickable link (python-docx has no API for it: the relationship and the
    w:hyperlink element are added by hand)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F4E99")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([style, colour, underline])
    run.append(props)
    text = OxmlElement("w:t")
    text.text = url
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _text(paragraph, text: str) -> None:
    """Plain text with line breaks and links."""
    last = 0
    for match in _URL.finditer(text):
        _runs(paragraph, text[last:match.start()])
        _hyperlink(paragraph, match.group(0))
        last = match.end()
    _runs(paragraph, text[last:])


def _runs(paragraph, text: str) -> None:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()


def _toc_field(document) -> None:
    """A TOC field over heading levels 1-2; Word fills it in on opening (updateFields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "Innholdsfortegnelsen oppdateres når dokumentet åpnes (F9)."
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run._r.append(element)
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _table(document, header: list[str] | None, rows: list[list[str]], widths_mm) -> None:
    from docx.shared import Mm
    table = document.add_table(rows=0, cols=len(rows[0] if rows else header))
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for c, (cell, text) in enumerate(zip(cells, row)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text))
            if header is None and c == 0:
                run.bold = True
    for column, width in zip(table.columns, widths_mm):
        for cell in column.cells:
            cell.width = Mm(width)
    document.add_paragraph()


def _blocks(document, blocks: list[dict]) -> None:
    for b in blocks:
        t = b["t"]
        if t == "p":
            _text(document.add_paragraph(), b["text"])
        elif t == "bullets":
            for item in b["items"]:
                _text(document.add_paragraph(style="List Bullet"), item)
        elif t == "sources":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(b["text"])
            run.italic = True
        elif t == "h2":
            document.add_heading(b["text"], level=2)
        elif t == "facts":
            _table(document, None, b["rows"], [62, 108])
        elif t == "table":
            _table(document, b["header"], b["rows"], b["widths"])
        elif t == "keep":
            _blocks(document, b["blocks"])


def render_docx(document: dict) -> bytes:
    """The plan as .docx bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.image.exceptions import UnrecognizedImageError
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    doc.styles["Normal"].font.size = Pt(10)
    made = datetime.fromisoformat(document["date"]).replace(tzinfo=UTC)
    props = doc.core_properties
    props.title = document["title"]
    props.author = document["municipality"]
    props.subject = f"{document['title']}: {document['municipality']}"
    props.keywords = "ALIS, spesialistutdanning, allmennmedisin, utdanningsplan"
    props.created = props.modified = made
    props.last_modified_by = document["municipality"]
    props.language = "nb-NO"
    if document.get("version"):
        props.version = document["version"]
    props.comments = document["status"]
    section.header.paragraphs[0].text = f"{document['municipality']} · {document['title']}"
    section.footer.paragraphs[0].text = document["footer"]

    logo = Path(document["logo_path"]) if document.get("logo_path") else None
    for _ in range(4):
        doc.add_paragraph()
    if logo is not None and logo.is_file():
        try:
            doc.add_picture(str(logo), width=Mm(40))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        except (OSError, ValueError, UnrecognizedImageError):
            logo = None  # an unreadable logo is left out; it never stops the plan
    title = doc.add_paragraph(document["title"], style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (document["municipality"], document["subtitle"], document["status"]):
        paragraph = doc.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    contents = doc.add_paragraph().add_run("Innhold")  # not a heading: not in the TOC
    contents.bold = True
    contents.font.size = Pt(14)
    _toc_field(doc)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for s in document["sections"]:
        doc.add_heading(s["heading"], level=1)
        _blocks(doc, s["blocks"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def headings_of(data: bytes) -> list[tuple[int, str]]:
    """(level, text) of the Heading 1/2 paragraphs of a .docx (for checks)."""
    from docx import Document
    out = []
    for paragraph in Document(io.BytesIO(data)).paragraphs:
        match = re.fullmatch(r"Heading (\d)", paragraph.style.name)
        if match:
            out.append((int(match.group(1)), paragraph.text))
    return out
