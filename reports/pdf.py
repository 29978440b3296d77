"""The common frame of every printed document: A4, embedded DejaVu fonts (æ ø å), the
municipality's name (and logo) in the header, page numbers, PDF metadata, and output that
is byte-identical for identical input (so a reprint matches the checksum on record)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.resources import resource_path

FONT, FONT_BOLD, FONT_ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
INK = "#1f2933"
ACCENT = "#1f3a5f"
# The template's colours (Drammen plan section 10), light enough to print in black and white
# with the status also written as text.
GREEN, BLUE, RED, GREY = "#d7ecd9", "#d6e4f5", "#f6d5d5", "#eef1f5"
# "I rute" (on track, not yet done): a pale sand that reads as "under way", not as a fault.
ON_TRACK = "#f7f1dc"


def amount(x: float) -> str:
    """A figure as documents print it: whole numbers bare, else one decimal, decimal comma."""
    return f"{x:.0f}" if abs(x - round(x)) < 1e-6 else f"{x:.1f}".replace(".", ",")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"),
                       (FONT_ITALIC, "DejaVuSans-Oblique.ttf")):
        font = TTFont(name, str(resource_path("fonts", file)))
        _keep_subsets(font.face)
        pdfmetrics.registerFont(font)
    _keep_compressed_subsets()
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)


# Embedding a font means writing the subset of its glyphs a document uses, and
# compressing it: a tenth of an attestation's time. Documents of a batch mostly use the
# same characters, so the same subset is made once and its compressed bytes kept (the
# bytes are what reportlab makes; only the work is not done again).
_SUBSETS_KEPT = 32
_compressed: dict[bytes, bytes] = {}


def _keep_subsets(face) -> None:
    made: dict[tuple, bytes] = {}
    make = face.makeSubset

    def make_subset(subset):
        key = tuple(subset)
        data = made.get(key)
        if data is None:
            if len(made) >= _SUBSETS_KEPT:
                made.clear()
            data = made[key] = make(subset)
            _compressed[data] = b""  # compressed on first use
        return data

    make_subset.__wrapped__ = make
    face.makeSubset = make_subset


def _keep_compressed_subsets() -> None:
    from reportlab.pdfbase import pdfdoc
    flate = pdfdoc.PDFZCompress
    encode = flate.encode

    def encode_kept(text):
        if type(text) is bytes:  # noqa: E721 - a str (page content) is never a subset
            kept = _compressed.get(text)
            if kept is not None:
                if not kept:
                    kept = _compressed[text] = encode(text)
                    if len(_compressed) > 2 * _SUBSETS_KEPT:
                        _compressed.clear()
                return kept
        return encode(text)

    encode_kept.__wrapped__ = encode
    flate.encode = encode_kept


@lru_cache(maxsize=64)
def colour(hex_code: str):
    """A reportlab colour, parsed once: reportlab parses a colour given as text every time
    it draws with it (a tenth of an attestation's build time went to that)."""
    from reportlab.lib import colors
    return colors.HexColor(hex_code)


@lru_cache(maxsize=1)
def styles() -> dict:
    """Paragraph styles: title, h2, h3, body, small, cell, cell_bold, right."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5,
                          textColor=colour(INK))
    return {
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=16, leading=20,
                                spaceAfter=6, textColor=colour(ACCENT)),
        "h2": ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=12, leading=15,
                             spaceBefore=10, spaceAfter=4, textColor=colour(ACCENT)),
        "h3": ParagraphStyle("h3", base, fontName=FONT_BOLD, fontSize=10, leading=13,
                             spaceBefore=6, spaceAfter=2),
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=FONT_BOLD, fontSize=8.5,
                                    leading=10.5),
        "right": ParagraphStyle("right", base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
    }


def para(text: str, style: str = "body"):
    """A paragraph of plain text (line breaks kept), as a `Line`: one string per line
    where the lines fit, else wrapped like a reportlab Paragraph."""
    from reports.line import Line
    return Line(str(text), styles()[style])


# Parsed paragraphs by (markup, style): documents of a batch repeat their fixed sentences
# and cell texts (a category's name, a note under a table), and parsing the markup is most
# of making a Paragraph. Each Paragraph gets copies of the parsed fragments: reportlab
# sets attributes on fragments while it breaks and splits lines.
_PARSED_KEPT = 256
_parsed: dict[tuple, tuple] = {}


def paragraph(text: str, style):
    """A reportlab Paragraph of plain text (escaped; line breaks kept)."""
    from copy import copy
    from reportlab.platypus import Paragraph
    from xml.sax.saxutils import escape
    markup = escape(text).replace("\n", "<br/>")
    key = (markup, style)  # the style itself, not its id: kept alive while cached
    parsed = _parsed.get(key)
    if parsed is None:
        made = Paragraph(markup, style)
        if made.bulletText is not None:
            return made
        if len(_parsed) >= _PARSED_KEPT:
            _parsed.clear()
        _parsed[key] = (made.text, made.style, [copy(f) for f in made.frags])
        return made
    cleaned, parsed_style, frags = parsed
    made = Paragraph(cleaned, parsed_style, frags=[copy(f) for f in frags])
    return made


CELL_SIZE, CELL_LEADING = 8.5, 10.5  # the "cell" and "cell_bold" styles


def _cell(text: str, bold: bool, width: float | None, padding: float):
    """A str cell: drawn as a plain string when it fits on one line (a Paragraph costs
    about ten times as much to parse, wrap and draw), else as a wrapped Paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    font = FONT_BOLD if bold else FONT
    if (width is not None and "\n" not in text
            and stringWidth(text, font, CELL_SIZE) <= width - padding):
        return text
    return para(text, "cell_bold" if bold else "cell")


def _cell_commands(padding: float | None) -> list:
    """Font, size, colour and leading for plain-string cells, matching the cell style."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), colour(INK)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colour("#9aa5b1")),
    ]
    if padding is not None:
        commands += [("LEFTPADDING", (0, 0), (-1, -1), padding),
                     ("RIGHTPADDING", (0, 0), (-1, -1), padding)]
    return commands


def table(rows: list[list], widths: list[float] | None = None, *, header: bool = True,
          backgrounds: dict[int, str] | None = None, repeat_header: bool = True):
    """A ruled table; str cells become plain strings or, when they would not fit on one
    line, wrapped paragraphs. `backgrounds` colours whole rows (index in `rows`)."""
    from reportlab.platypus import Table, TableStyle
    padding = 4
    body = []
    for r, row in enumerate(rows):
        bold = header and r == 0
        body.append([
            _cell(cell, bold, widths[c] if widths else None, 2 * padding)
            if isinstance(cell, str) else cell
            for c, cell in enumerate(row)])
    t = Table(body, colWidths=widths, repeatRows=1 if header and repeat_header else 0,
              hAlign="LEFT")
    commands = _cell_commands(padding)
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), colour(GREY)),
                     ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD)]
    for r, background in (backgrounds or {}).items():
        commands.append(("BACKGROUND", (0, r), (-1, r), colour(background)))
    t.setStyle(TableStyle(commands))
    return t


def signature_block(signers: list[tuple[str, str]], place_date: str = ""):
    """Lines to sign on, each with the name and title under it."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle
    cells = []
    for name, title in signers:
        cells.append([Spacer(1, 14 * mm), para("_" * 38, "small"), para(name, "cell_bold"),
                      para(title, "small")])
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    for row in rows:
        while len(row) < 2:
            row.append("")
    out = []
    if place_date:
        out.append(para(place_date))
    t = Table(rows, colWidths=[85 * mm, 85 * mm], hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(t)
    return out


def facts(rows: list[tuple[str, str]], label_width_mm: float = 58, width_mm: float = 170):
    """Label/value pairs as a two-column ruled table (the form part of a document)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle
    widths = [label_width_mm * mm, (width_mm - label_width_mm) * mm]
    padding = 6  # reportlab's default cell padding, which this table has always had
    body = [[_cell(label, True, widths[0], 2 * padding),
             _cell(value or "", False, widths[1], 2 * padding)] for label, value in rows]
    t = Table(body, colWidths=widths, hAlign="LEFT")
    t.setStyle(TableStyle(_cell_commands(None) + [
        ("BACKGROUND", (0, 0), (0, -1), colour(GREY)),
        ("FONTNAME", (0, 0), (0, -1), FONT_BOLD),
    ]))
    return t


def png_image(data: bytes, width_mm: float = 170):
    """A PNG (e.g. a matplotlib figure) scaled to `width_mm`, aspect kept."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image
    reader = ImageReader(io.BytesIO(data))
    w, h = reader.getSize()
    return Image(io.BytesIO(data), width=width_mm * mm, height=width_mm * mm * h / w)


@dataclass
class DocumentInfo:
    title: str
    subject: str
    municipality: str
    author: str = ""
    logo_path: str = ""
    footer_note: str = ""  # e.g. the document number
    landscape: bool = False  # A4 on its side, for wide tables (the cohort report)


def build(story: list, info: DocumentInfo, out: Path | io.BytesIO | None = None) -> bytes:
    """Render `story` on A4 (portrait, or landscape when info.landscape) with the common header and footer; returns the PDF bytes (and
    writes them to `out` when given). Identical input gives identical bytes."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    buffer = io.BytesIO()
    page = landscape(A4) if info.landscape else A4
    doc = SimpleDocTemplate(
        buffer, pagesize=page, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=24 * mm,
        bottomMargin=18 * mm, title=info.title, author=info.author or info.municipality,
        subject=info.subject, creator="ALIS Desktop", producer="ALIS Desktop (reportlab)",
        invariant=1, lang="nb-NO")
    frame = header_footer(info, page)
    doc.build(_headings_kept(story), onFirstPage=frame, onLaterPages=frame,
              canvasmaker=_numbered_canvas(page[0]))
    data = buffer.getvalue()
    if isinstance(out, io.BytesIO):
        out.write(data)
    elif out is not None:
        write_bytes_atomically(Path(out), data)  # whole or not at all
    return data


def header_footer(info: DocumentInfo, page):
    """The page callback drawing the common header (logo, municipality, title) and the
    footer note; the page number is drawn by the numbered canvas."""
    from reportlab.lib.units import mm
    logo = Path(info.logo_path) if info.logo_path else None
    if logo is not None and not logo.is_file():
        logo = None
    if logo is not None:
        from reportlab.lib.utils import ImageReader
        try:  # a file that is no image is left out, not a crash on every page
            ImageReader(str(logo)).getSize()
        except (OSError, ValueError):
            logo = None

    def frame(canvas, document):
        width, height = page
        canvas.saveState()
        canvas.setFont(FONT_BOLD, 9)
        canvas.setFillColorRGB(0.12, 0.23, 0.37)
        x = 20 * mm
        if logo is not None:
            canvas.drawImage(str(logo), x, height - 17 * mm, width=10 * mm, height=10 * mm,
                             preserveAspectRatio=True, mask="auto")
            x += 12 * mm
        canvas.drawString(x, height - 13 * mm, info.municipality)
        canvas.setFont(FONT, 8)
        canvas.setFillColorRGB(0.35, 0.35, 0.35)
        canvas.drawRightString(width - 20 * mm, height - 13 * mm, info.title)
        canvas.setStrokeColorRGB(0.6, 0.65, 0.7)
        canvas.setLineWidth(0.5)
        canvas.line(20 * mm, height - 15.5 * mm, width - 20 * mm, height - 15.5 * mm)
        canvas.drawString(20 * mm, 10 * mm, info.footer_note)
        canvas.restoreState()

    return frame


def _headings_kept(story: list) -> list:
    """A heading never ends a page: it moves on when less than 30 mm remain below it.
    (keepWithNext would move a whole long table along with it and leave half pages.)"""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak
    out = []
    for flowable in story:
        if getattr(getattr(flowable, "style", None), "name", None) in ("h2", "h3"):
            out.append(CondPageBreak(30 * mm))
        out.append(flowable)
    return out


def _numbered_canvas(page_width: float):
    """A canvas class that holds its pages until the end, so each footer can say
    'Side X av Y' (the total is known only when the story has been laid out)."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                self.setFont(FONT, 8)
                self.setFillColorRGB(0.35, 0.35, 0.35)
                self.drawRightString(page_width - 20 * mm, 10 * mm, f"Side {number} av {total}")
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas
