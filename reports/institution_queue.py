"""The waiting list for institution service, for the health trust's coordinator (LIS-
koordinator): doctors in priority order with their desired periods, institution and
departments, and the reason for each place; as PDF (reports/pdf.py) and as .xlsx.

`python -m alis_desktop report institution-queue FILE --out LISTE.pdf` always writes both
files side by side (LISTE.pdf and LISTE.xlsx; --out may name either) since the coordinator
merges the lists of several municipalities in a spreadsheet and files the PDF. `--to DATE`
gives the date the list is made as of (default today). The list is ordered by the priority
model the municipality chose (alis_desktop/priority_models.py), named in the heading.

Several files (and municipalities' exported sheets) ranked together into one list:
reports/institution_merge.py. The sheet carries every value the ranking compares, so a list
read back from it ranks the same (reports/institution_sheets.py).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.dates import fmt
from alis_desktop.errors import FileProblem
from alis_desktop.institution import ACTIVE_STATUSES, RankedEntry, waiting_list
from alis_desktop.models import Municipality
from alis_desktop.priority_models import PriorityModel, chosen_model
from alis_desktop.vocab import RequestStatus

TITLE = "Venteliste for institusjonstjeneste"
HEADERS = ["Nr.", "Lege", "HPR-nr.", "Kommune", "Mangel på spesialister", "Tilknytning",
           "Tellende tjeneste (mnd)", "Gjenstående (mnd)", "Progresjon (%)",
           "Godkjente læringsmål", "Ønsket fra", "Ønsket til", "Institusjon",
           "Avdelinger (i prioritert rekkefølge)", "Sted", "Meldt til koordinator", "Status",
           "Aktuell nå", "Avbrutt tjeneste", "Overstyrt av leder", "Begrunnelse",
           # What the ranking compares beyond the columns above (read back by
           # reports/institution_sheets.py), and the request's id in its municipality's file.
           "Når 2 år (ca.)", "Læringsaktiviteter (%)", "Ønske-id",
           # For the coordinator's decision, sent back per municipality
           # (reports/institution_allocation.py).
           "Tildelt institusjon", "Tildelt avdeling", "Tildelt fra", "Tildelt til"]
MODEL_PREFIX = "Prioriteringsmodell: "
WRITES = False
NOT_ELIGIBLE = "#e6e6e6"  # rows of doctors under 2 years, in the PDF and the sheet


# --------------------------------------------------------------------------- data


def load(store, as_of: date) -> list[RankedEntry]:
    """The ranked list through the store handed in (reports never import db)."""
    requests = store.all("institution_requests")
    wanted = sorted({r.doctor_id for r in requests if r.status in ACTIVE_STATUSES})
    bundles = store.bundles(doctor_ids=wanted)  # all of them at once, not one by one
    progress = store.progress(as_of, doctor_ids=wanted)
    doctors = {did: b.doctor for did, b in bundles.items()}
    placements = {did: b.placements for did, b in bundles.items()}
    municipality = store.municipality()
    return waiting_list(requests, doctors, progress, placements,
                        short_of_specialists=municipality.short_of_specialists,
                        municipality=municipality.name, model=chosen_model(municipality))


def _n(x: float) -> str:
    text = f"{x:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _period(entry: RankedEntry) -> str:
    r = entry.request
    if r.desired_start or r.desired_end:
        return f"{fmt(r.desired_start)}–{fmt(r.desired_end)}"
    return "Ikke angitt"


def _departments(entry: RankedEntry) -> str:
    return ", ".join(f"{i}. {d}" for i, d in enumerate(entry.request.departments, start=1))


def _status(entry: RankedEntry) -> str:
    r = entry.request
    text = RequestStatus.label_of(r.status)
    return f"{text} {fmt(r.reported_date)}" if r.reported_date else text


# --------------------------------------------------------------------------- PDF


def model_lines(model: PriorityModel) -> list[str]:
    """The model's name and each criterion with its source, for the heading of the list."""
    lines = [f"{MODEL_PREFIX}{model.name}" + (f" ({model.source})" if model.source else "")]
    for i, c in enumerate(model.criteria, start=1):
        cite = c.citation()
        lines.append(f"{i}) {c.label}" + (f": {cite}" if cite else ""))
    return lines


def _heading(municipality: Municipality, as_of: date, merged_from) -> str:
    if merged_from:
        parts = ", ".join(f"{name} (mangel på spesialister: {'ja' if short else 'nei'})"
                          for name, short in merged_from)
        return f"Samlet liste for {len(merged_from)} kommuner per {fmt(as_of)}: {parts}"
    return (f"{municipality.name} · per {fmt(as_of)} · kommune med mangel på "
            f"spesialister: {'ja' if municipality.short_of_specialists else 'nei'}")


def build_pdf(entries: list[RankedEntry], municipality: Municipality, as_of: date,
              model: PriorityModel | None = None, *, merged_from=None) -> bytes:
    """The list as an A4 PDF: heading, the model and its criteria, one table row per
    request. `merged_from`: [(municipality name, short of specialists)] for a list merged
    from several municipalities (each row then names its municipality)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from reports.pdf import DocumentInfo, build, para

    model = model or chosen_model(municipality)
    title = f"Samlet {TITLE[0].lower()}{TITLE[1:]}" if merged_from else TITLE
    story = [para(title, "title"), para(_heading(municipality, as_of, merged_from))]
    story.append(para("\n".join(model_lines(model)), "small"))
    contact = ", ".join(x for x in (municipality.leader_name, municipality.leader_title,
                                    municipality.contact_email) if x)
    if contact and not merged_from:
        story.append(para(f"Kontaktperson i kommunen: {contact}", "small"))
    story.append(Spacer(1, 4 * mm))
    if not entries:
        story.append(para("Ingen leger står på ventelisten."))
    else:
        story.append(_pdf_table(entries, bool(merged_from)))
        waiting = sum(1 for e in entries if e.held_back)
        if waiting:
            story.append(Spacer(1, 2 * mm))
            story.append(para(f"Grå rader ({waiting}): ikke aktuelle ennå, under 2 års "
                              "tellende tjeneste.", "small"))
    info = DocumentInfo(title=title, subject=f"{title} per {fmt(as_of)}",
                        municipality=municipality.name, author=municipality.leader_name,
                        logo_path=municipality.logo_path,
                        footer_note=f"Per {fmt(as_of)} · {model.name}")
    return build(story, info)


def _pdf_table(entries: list[RankedEntry], merged: bool = False):
    """Two table rows per request: the facts, then the reason across the width (so the
    columns stay wide enough for names of hospitals and departments on A4)."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import TableStyle

    from reports.pdf import para, table

    rows = [["Nr.", "Lege", "Tilknytning", "Tellende tjeneste", "Ønsket fra og til",
             "Status", "Institusjon og avdelinger"]]
    style = []
    for e in entries:
        c, r = e.candidate, e.request
        who = c.doctor.name + (f"\nHPR {c.doctor.hpr_number}" if c.doctor.hpr_number else "")
        if merged:
            who += f"\n{c.municipality}" + (" (mangel)" if c.short_of_specialists else "")
        service = (f"{_n(c.counted_months)} mnd\n{c.remaining_whole} mnd igjen\n"
                   f"Progresjon {c.progress_whole} %")
        period = (f"{fmt(r.desired_start) or '?'}\n{fmt(r.desired_end) or '?'}"
                  if r.desired_start or r.desired_end else "Ikke angitt")
        status = _status(e).replace(" ", "\n", 1) + ("\nAvbrutt tjeneste" if r.interrupted
                                                      else "")
        where = "\n".join(x for x in (r.institution, _departments(e),
                                       f"Sted: {r.location}" if r.location else "") if x)
        first = len(rows)
        rows.append([str(e.rank), who, c.attachment_label, service, period, status,
                     where or "Ikke angitt"])
        rows.append(["", para(f"Begrunnelse: {e.reason}", "small"), "", "", "", "", ""])
        style += [("SPAN", (1, first + 1), (-1, first + 1)),
                  ("NOSPLIT", (0, first), (-1, first + 1)),
                  ("LINEABOVE", (1, first + 1), (-1, first + 1), 0.2,
                   colors.HexColor("#d0d7e2"))]
        if e.held_back:
            style.append(("BACKGROUND", (0, first), (-1, first + 1),
                          colors.HexColor(NOT_ELIGIBLE)))
    t = table(rows, [10 * mm, 28 * mm, 25 * mm, 23 * mm, 22 * mm, 23 * mm, 39 * mm])
    t.setStyle(TableStyle(style))
    return t


# --------------------------------------------------------------------------- xlsx


def rows_for_sheet(entries: list[RankedEntry]) -> list[list]:
    """One row of values per request, in HEADERS order (dates and numbers as such)."""
    out = []
    for e in entries:
        c, r = e.candidate, e.request
        out.append([
            e.rank, c.doctor.name, c.doctor.hpr_number, c.municipality,
            "Ja" if c.short_of_specialists else "Nei", c.attachment_label,
            c.counted_months, c.remaining_whole, c.progress_whole,
            f"{c.goals_done} av {c.goals_required}", r.desired_start, r.desired_end,
            r.institution, ", ".join(r.departments), r.location, r.reported_date,
            RequestStatus.label_of(r.status), "Ja" if c.eligible else "Nei",
            "Ja" if r.interrupted else "Nei",
            f"Plass {r.priority_override}: {r.override_note}" if e.overridden else "",
            e.reason, c.eligible_from, c.activities_pct, r.id, "", "", None, None])
    return out


def build_xlsx(entries: list[RankedEntry], municipality: Municipality, as_of: date,
               model: PriorityModel | None = None, *, merged_from=None) -> bytes:
    """The list as a spreadsheet the coordinator can sort and merge with other lists (and
    that reports/institution_sheets.py reads back)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    model = model or chosen_model(municipality)
    wb = Workbook()
    ws = wb.active
    ws.title = "Venteliste"
    ws.append([f"Samlet {TITLE[0].lower()}{TITLE[1:]}" if merged_from else TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_heading(municipality, as_of, merged_from) if merged_from
               else f"{municipality.name}, per {fmt(as_of)}"])
    lines = model_lines(model)
    ws.append([lines[0]])
    ws.append([" ".join(lines[1:])])
    ws.append([])
    header_row = ws.max_row + 1
    ws.append(HEADERS)
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F5")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    grey = PatternFill("solid", fgColor=NOT_ELIGIBLE.lstrip("#").upper())
    decimals = {HEADERS.index("Tellende tjeneste (mnd)") + 1, HEADERS.index(
        "Læringsaktiviteter (%)") + 1}
    for entry, values in zip(entries, rows_for_sheet(entries)):
        ws.append(values)
        row = ws[ws.max_row]
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            elif cell.column in decimals:  # the exact value is kept; one decimal shown
                cell.number_format = "0.0"
        if entry.held_back:
            for cell in row:
                cell.fill = grey
    widths = [5, 22, 11, 16, 11, 24, 11, 11, 11, 12, 12, 12, 26, 34, 14, 14, 12, 9, 9, 28, 60,
              12, 11, 8, 24, 24, 12, 12]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    last = ws.max_row
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{max(last, header_row)}"
    wb.properties.creator = "ALIS Desktop"
    wb.properties.title = TITLE
    return _reproducible_save(wb, datetime(as_of.year, as_of.month, as_of.day))


def _reproducible_save(wb, stamp: datetime) -> bytes:
    """The workbook's bytes with every timestamp set to `stamp`: openpyxl's save() stamps
    the document and each zip entry with the clock, so the same list would differ by the
    second it was made."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter
    wb.properties.created = wb.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- writing


def output_paths(out: Path) -> tuple[Path, Path]:
    """(PDF, xlsx) beside each other, named after --out."""
    out = Path(out)
    base = out.with_suffix("") if out.suffix.lower() in (".pdf", ".xlsx") else out
    return base.with_name(base.name + ".pdf"), base.with_name(base.name + ".xlsx")


def save_file(path: Path, data: bytes) -> Path:
    """The one door for the files this list writes (PDF and .xlsx, merged lists and
    allocations too): whole or not at all (alis_desktop/atomic_files.py)."""
    path = Path(path)
    write_bytes_atomically(path, data)
    return path


def write(entries, municipality, as_of: date, out: Path, model: PriorityModel | None = None,
          *, merged_from=None) -> tuple[Path, Path]:
    pdf_path, xlsx_path = output_paths(out)
    if not pdf_path.parent.is_dir():
        raise FileProblem(f"Mappen {pdf_path.parent} finnes ikke; velg en mappe som finnes.")
    # both built before either is written
    pdf = build_pdf(entries, municipality, as_of, model, merged_from=merged_from)
    xlsx = build_xlsx(entries, municipality, as_of, model, merged_from=merged_from)
    save_file(pdf_path, pdf)
    save_file(xlsx_path, xlsx)
    return pdf_path, xlsx_path


def run_cli(store, args) -> Path:
    as_of = getattr(args, "to_date", None) or date.today()
    pdf_path, xlsx_path = write(load(store, as_of), store.municipality(), as_of,
                                Path(args.out))
    return xlsx_path if Path(args.out).suffix.lower() == ".xlsx" else pdf_path


# Several files, sheets or another model: reports/institution_merge.py (the command line
# opens the files through `open_store`, since reports never import db).
def wants_files(args) -> bool:
    file = getattr(args, "file", None)
    return bool(getattr(args, "more_files", None) or getattr(args, "sheets", None)
                or getattr(args, "model", None) or file is None
                or str(file).lower().endswith(".xlsx"))


def run_cli_files(args, open_store) -> Path:
    from reports.institution_merge import run_cli_files as merged
    return merged(args, open_store)
