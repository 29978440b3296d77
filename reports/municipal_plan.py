"""The municipality's plan for the specialist training (spesialistforskriften § 23 d), in
the shape of the municipal plans (Eigersund, Åsnes, Drammen): a title page with the logo,
version and adoption date, a table of contents with page numbers, then the sections the
municipality keeps in its file (alis_desktop/plan_document.py builds them), every arena
under its own heading, contacts, courses and appendices.

The creation date in the PDF's metadata is the plan's own date: the adoption date for an
adopted version, the printing date for a draft (a date, not a time, so the same plan
printed twice gives the same bytes and an adopted version always reprints identically).
"""

from __future__ import annotations

import hashlib
import io
import re
import sys
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from alis_desktop.plan_document import (  # noqa: F401 - goal_notation/uncovered_goals kept
    TITLE,
    PlanInputs,
    build_document,
    goal_notation,
    uncovered_goals,
)
from alis_desktop.plan_models import PlanVersion
from alis_desktop.atomic_files import write_bytes_atomically
from reports import pdf

WRITES = False
_URL = re.compile(r"https?://[^\s<>«»]+[^\s<>«».,;:)]")


def inputs_from(store) -> PlanInputs:
    """Everything the plan is made from, read through the store's generic methods."""
    return PlanInputs(
        municipality=store.municipality(), arenas=store.all("arenas"),
        coverage=store.all("arena_coverage"), doctors=store.all("doctors"),
        supervisors=store.all("supervisors"), sections=store.all("plan_sections"),
        contacts=store.all("plan_contacts"), conditions=store.all("arena_conditions"),
        activities=store.all("arena_activities"), courses=store.all("plan_courses"),
        versions=store.all("plan_versions"), goal_texts=store.all("goal_texts"))


def document_for(store, as_of: date) -> dict:
    return build_document(inputs_from(store), as_of)


# --- PDF ------------------------------------------------------------------------------
def _styles() -> dict:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    base = pdf.styles()
    body = ParagraphStyle("plan_body", base["body"], allowWidows=0, allowOrphans=0,
                          spaceAfter=4)
    return {
        "body": body,
        "bullet": ParagraphStyle("plan_bullet", body, leftIndent=12, bulletIndent=3,
                                 spaceAfter=1.5),
        "h1": ParagraphStyle("plan_h1", base["h2"], keepWithNext=0),
        "h2": ParagraphStyle("plan_h2", base["h3"], keepWithNext=0),
        "sources": ParagraphStyle("plan_sources", base["small"], fontName=pdf.FONT_ITALIC,
                                  textColor=pdf.colour("#52606d"), spaceAfter=4),
        "cover_title": ParagraphStyle("cover_title", base["title"], fontSize=24, leading=30,
                                      alignment=TA_CENTER, spaceAfter=14),
        "cover": ParagraphStyle("cover", body, fontSize=12, leading=16, alignment=TA_CENTER,
                                spaceAfter=8),
        "cover_small": ParagraphStyle("cover_small", body, alignment=TA_CENTER),
        "toc0": ParagraphStyle("toc0", body, fontName=pdf.FONT_BOLD, leftIndent=0,
                               firstLineIndent=0, spaceBefore=0, spaceAfter=0, leading=12),
        "toc1": ParagraphStyle("toc1", body, leftIndent=14, firstLineIndent=0, fontSize=8.5,
                               leading=10.5, spaceAfter=0),
    }


def rich(text: str) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept, web addresses as
    clickable links."""
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(escape(text[last:match.start()]))
        url = match.group(0)
        out.append(f'<a href="{escape(url)}" color="#1f4e99"><u>{escape(url)}</u></a>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", "<br/>")


def _heading(text: str, style, level: int, key: str):
    from reportlab.platypus import Paragraph
    p = Paragraph(escape(text), style)
    p.toc_entry = (level, text, key)
    return p


def _blocks(blocks: list[dict], st: dict, keys) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer
    out: list = []
    for b in blocks:
        t = b["t"]
        if t == "p":
            out.append(Paragraph(rich(b["text"]), st["body"]))
        elif t == "bullets":
            out += [Paragraph(rich(item), st["bullet"], bulletText="•") for item in b["items"]]
            out.append(Spacer(1, 2))
        elif t == "sources":
            out.append(Paragraph(rich(b["text"]), st["sources"]))
        elif t == "h2":
            out.append(CondPageBreak(30 * mm))
            out.append(_heading(b["text"], st["h2"], 1, next(keys)))
        elif t == "facts":
            out.append(pdf.facts([(label, value) for label, value in b["rows"]],
                                 label_width_mm=62))
            out.append(Spacer(1, 2.5 * mm))
        elif t == "table":
            out.append(pdf.table([list(b["header"])] + [list(r) for r in b["rows"]],
                                 [w * mm for w in b["widths"]]))
            out.append(Spacer(1, 2.5 * mm))
        elif t == "keep":
            inner = _blocks(b["blocks"], st, keys)
            cond = [f for f in inner if isinstance(f, CondPageBreak)]
            out += cond[:1]
            out.append(KeepTogether([f for f in inner if not isinstance(f, CondPageBreak)]))
    return out


def _cover(document: dict, st: dict) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, Spacer
    out = [Spacer(1, 30 * mm)]
    logo = Path(document["logo_path"]) if document.get("logo_path") else None
    if logo is not None and logo.is_file():
        try:
            from reportlab.lib.utils import ImageReader
            w, h = ImageReader(str(logo)).getSize()
            side = 40 * mm
            scale = min(side / w, side / h)
            out += [Image(str(logo), width=w * scale, height=h * scale), Spacer(1, 10 * mm)]
        except (OSError, ValueError, TypeError, ZeroDivisionError):
            out = out[:1]  # an unreadable logo is left out; it never stops the plan
    out += [Paragraph(escape(document["title"]), st["cover_title"]),
            Paragraph(escape(document["municipality"]), st["cover"]),
            Spacer(1, 6 * mm),
            Paragraph(escape(document["subtitle"]), st["cover_small"]),
            Spacer(1, 20 * mm),
            Paragraph(escape(document["status"]), st["cover"])]
    return out


def render_pdf(document: dict) -> bytes:
    """The document as PDF bytes; the same document always gives the same bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
    )
    from reportlab.platypus.tableofcontents import TableOfContents

    pdf.register_fonts()
    st = _styles()
    info = pdf.DocumentInfo(title=document["title"],
                            subject=f"{document['title']}: {document['municipality']} "
                                    "(spesialistforskriften § 23 d)",
                            municipality=document["municipality"],
                            logo_path=document.get("logo_path") or "",
                            footer_note=document["footer"])
    made = date.fromisoformat(document["date"])

    def creation_date(*_ignored):
        return f"D:{made:%Y%m%d}000000+00'00'"

    header = pdf.header_footer(info, A4)

    def on_cover(canvas, doc):
        canvas._doc.setDateFormatter(creation_date)

    def on_page(canvas, doc):
        canvas._doc.setDateFormatter(creation_date)
        header(canvas, doc)
        canvas.saveState()
        canvas.setFont(pdf.FONT, 8)
        canvas.setFillColorRGB(0.35, 0.35, 0.35)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm,
                               f"Side {doc.page} av {doc.total_pages or doc.page}")
        canvas.restoreState()

    class PlanTemplate(BaseDocTemplate):
        # "Side X av Y" takes Y from the pass before (multiBuild makes at least two for
        # the table of contents). Pages are written as they are made, not held back as
        # pdf.build does, so bookmarks and the contents' links point at the right page.
        total_pages = 0
        used_total = -1

        def build(self, flowables, **kw):
            self.used_total = self.total_pages
            super().build(flowables, **kw)
            self.total_pages = self.page

        def afterFlowable(self, flowable):
            entry = getattr(flowable, "toc_entry", None)
            if entry is None:
                return
            level, text, key = entry
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, text, self.page, key))

    buffer = io.BytesIO()
    doc = PlanTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=24 * mm,
        bottomMargin=18 * mm, title=document["title"], author=document["municipality"],
        subject=info.subject, creator="ALIS Desktop", producer="ALIS Desktop (reportlab)",
        keywords="ALIS, spesialistutdanning, allmennmedisin, utdanningsplan",
        invariant=1, lang="nb-NO")
    body_frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("cover", [body_frame], onPage=on_cover),
                          PageTemplate("body", [body_frame], onPage=on_page)])
    toc = TableOfContents(dotsMinLevel=0, levelStyles=[st["toc0"], st["toc1"]])
    counter = iter(f"s{n}" for n in range(1, 100000))
    story = _cover(document, st) + [NextPageTemplate("body"), PageBreak(),
                                    Paragraph("Innhold", st["h1"]), toc, PageBreak()]
    from reportlab.platypus import CondPageBreak, KeepTogether
    for section in document["sections"]:
        heading = _heading(section["heading"], st["h1"], 0, next(counter))
        body = _blocks(section["blocks"], st, counter)
        while body and isinstance(body[0], CondPageBreak):
            body.pop(0)
        if section["appendix"]:
            story.append(PageBreak())  # each appendix starts on a page of its own
        else:
            story.append(CondPageBreak(40 * mm))
        if body and isinstance(body[0], KeepTogether):
            # A section that opens with an arena: its heading goes along with the arena.
            story.append(KeepTogether([heading] + body.pop(0)._content))
        else:
            story.append(heading)
        story += body
    doc.multiBuild(story)
    if doc.used_total != doc.total_pages:  # the last pass changed the page count
        buffer.seek(0)
        buffer.truncate()
        doc.multiBuild(story)
    return buffer.getvalue()


def build_pdf(municipality, arenas, coverage_rows, *, doctors, supervisors,
              as_of: date) -> bytes:
    """The plan from these records with the default sections (no plan lists)."""
    return render_pdf(build_document(PlanInputs(
        municipality=municipality, arenas=arenas, coverage=coverage_rows, doctors=doctors,
        supervisors=supervisors), as_of))


def build_for(store, as_of: date) -> bytes:
    return render_pdf(document_for(store, as_of))


# --- adopted versions -------------------------------------------------------------------
def prepare_adoption(store, version: str, adopted_date: date, adopted_by: str,
                     note: str = "") -> PlanVersion:
    """The version record with the plan's content as of now (validated; not yet rendered
    or saved). Reads the store: call it where the store lives."""
    record = PlanVersion(version=version.strip(), adopted_date=adopted_date,
                         adopted_by=adopted_by.strip(), note=note)
    record.validate()  # before the PDF is made: the message comes at once
    record.document = build_document(inputs_from(store), adopted_date, version=record.version,
                                     adopted_date=adopted_date, adopted_by=record.adopted_by)
    return record


def complete_adoption(record: PlanVersion) -> PlanVersion:
    """The PDF and its checksum (no store: may run on a worker thread)."""
    record.pdf = render_pdf(record.document)
    record.sha256 = hashlib.sha256(record.pdf).hexdigest()
    return record


def adopt(store, version: str, adopted_date: date, adopted_by: str, note: str = ""):
    """Adopt the plan as it stands: its content, the PDF and its checksum are kept in
    plan_versions (one audited write), so it reprints identically later."""
    record = complete_adoption(prepare_adoption(store, version, adopted_date, adopted_by,
                                                note))
    return store.save(record)


def reprint(version_record) -> bytes:
    """An adopted version exactly as adopted (rendered again from what was kept)."""
    return render_pdf(version_record.document)


# --- command line --------------------------------------------------------------------
def run_cli(store, args) -> Path:
    """`report municipal-plan FILE [--to D] [--plan-version V] --out PLAN.pdf|PLAN.docx`:
    the draft as of --to (default today), or an adopted version exactly as adopted."""
    from alis_desktop.errors import ValidationError
    out = Path(args.out)
    wanted = getattr(args, "plan_version", None)
    kept = None
    if wanted:
        found = [v for v in store.all("plan_versions") if v.version == wanted]
        if not found:
            known = ", ".join(v.version for v in store.all("plan_versions")) or "ingen"
            raise ValidationError("plan_version", f"Finner ikke vedtatt versjon «{wanted}» "
                                                  f"(vedtatte versjoner: {known}).")
        kept = found[-1]
        document = kept.document
    else:
        document = document_for(store, args.to_date or date.today())
        for warning in document["warnings"]:
            print(f"Advarsel: {warning}", file=sys.stderr)
    if out.suffix.lower() == ".docx":
        from reports.municipal_plan_docx import render_docx
        data = render_docx(document)
    else:
        data = kept.pdf if kept is not None and kept.pdf else render_pdf(document)
    write_bytes_atomically(out, data)
    return out
