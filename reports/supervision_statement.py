"""Veiledning – utbetaling: the payment statement per supervisor (or all) for a period, as PDF
with a signature line for the leader, and as .xlsx / .csv for the payroll office.

`python -m alis_desktop report supervision FILE [--supervisor ID] [--from D --to D] --out F`
and the window both call `export`; the format follows the suffix of F (.pdf, .xlsx, .csv).
The figures come from alis_desktop.supervision_pay (hours, preparation, amounts)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically, write_text_atomically
from alis_desktop.dates import fmt
from alis_desktop.supervision_pay import Statement, build_statement
from alis_desktop.vocab import SupervisorEmployment

WRITES = False
FORMATS = (".pdf", ".xlsx", ".csv")
TITLE = "Veiledning – utbetaling"


def hours_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") or "0"


def money(value: float) -> str:
    whole = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return f"{whole} kr"


def default_period(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """Missing ends: from 1 January of the end's year, to today."""
    end = end or today
    start = start or date(end.year, 1, 1)
    return start, end


def statement(store, supervisor_id: int | None, start: date, end: date, rules=None
              ) -> Statement:
    """The statement from the open file (through the store's own reads: no SQL here)."""
    if supervisor_id is not None:
        store.get("supervisors", supervisor_id)  # KeyError for an unknown id
    sessions = [s for s in store.all("supervision_sessions", order_by="date")
                if start.year <= s.date.year and s.date <= end]
    return build_statement(sessions, store.all("doctors"), store.all("supervisors"),
                           store.municipality(), start, end, supervisor_id, rules)


def export(store, out: Path, supervisor_id: int | None = None, start: date | None = None,
           end: date | None = None, *, today: date | None = None) -> Path:
    """Write the statement to `out` in the format its suffix names; returns the path."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"Ukjent filtype «{out.suffix}»; bruk .pdf, .xlsx eller .csv.")
    start, end = default_period(start, end, today or date.today())
    if end < start:
        raise ValueError("Til-dato kan ikke være før fra-dato.")
    st = statement(store, supervisor_id, start, end)
    {".pdf": write_pdf, ".xlsx": write_xlsx, ".csv": write_csv}[suffix](st, out)
    return out


def run_cli(store, args) -> Path:
    try:
        return export(store, Path(args.out), args.supervisor, args.from_date, args.to_date)
    except KeyError:
        raise SystemExit(f"Feil: finner ingen veileder med id {args.supervisor}.") from None
    except ValueError as exc:
        raise SystemExit(f"Feil: {exc}") from None


# --- table rows shared by the three formats ------------------------------------------------

HEADER = ["Veileder", "Tilknytning", "Lege", "Prosjektkode", "Økter", "Timer", "Måneder",
          "Forberedelse", "Sum timer", "Beløp"]


def line_rows(st: Statement) -> list[list]:
    """One row per supervisor and doctor, raw numbers (for xlsx and csv)."""
    rows = []
    for sup in st.supervisors:
        for line in sup.lines:
            amount = (line.hours * sup.supervision_rate
                      + line.preparation * sup.preparation_rate)
            rows.append([sup.supervisor.name, SupervisorEmployment.label_of(
                sup.supervisor.employment), line.doctor_name, line.cost_code, line.sessions,
                line.hours, line.months, line.preparation, line.total_hours, amount])
    return rows


def totals_row(st: Statement) -> list:
    return ["Sum", "", "", "", sum(s.session_count for s in st.supervisors),
            st.total("hours"), "", st.total("preparation"), st.total("total_hours"),
            st.total("amount")]


def aligned(rows: list[list], columns) -> list[list]:
    """The rows with the cells of the number `columns` right-aligned (the header stays)."""
    from reports.pdf import para
    cols = set(columns)
    return [row if r == 0 else [para(c, "right") if i in cols and isinstance(c, str) else c
                                for i, c in enumerate(row)] for r, row in enumerate(rows)]


# --- PDF --------------------------------------------------------------------------------------

def write_pdf(st: Statement, out) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Spacer

    from reports.pdf import GREY, DocumentInfo, build, para, signature_block, table

    muni = st.municipality
    story = [para(TITLE, "title"),
             para(f"Periode: {fmt(st.start)}–{fmt(st.end)}"),
             para(f"Satser: veiledning {money(muni.supervision_rate)} per time, forberedelse "
                  f"{money(muni.preparation_rate)} per time. Forberedelse: 1,5 t per måned "
                  "med veiledning, høyst 10,5 måneder i året per lege."),
             Spacer(1, 4 * mm)]
    if not st.supervisors:
        story.append(para("Ingen veiledning registrert i perioden."))
    for i, sup in enumerate(st.supervisors):
        if i:
            story.append(PageBreak())
        story += _supervisor_section(sup, mm, para, table, GREY)
    if len(st.supervisors) > 1:
        story.append(PageBreak())
        story.append(para("Sammendrag", "h2"))
        rows = [["Veileder", "Tilknytning", "Økter", "Timer", "Forberedelse", "Sum timer",
                 "Beløp"]]
        for sup in st.supervisors:
            rows.append([sup.supervisor.name,
                         SupervisorEmployment.label_of(sup.supervisor.employment),
                         str(sup.session_count), hours_text(sup.hours),
                         hours_text(sup.preparation), hours_text(sup.total_hours),
                         money(sup.amount)])
        rows.append(["Sum", "", str(sum(s.session_count for s in st.supervisors)),
                     hours_text(st.total("hours")), hours_text(st.total("preparation")),
                     hours_text(st.total("total_hours")), money(st.total("amount"))])
        story.append(table(aligned(rows, range(2, 7)), [36 * mm, 30 * mm, 14 * mm, 14 * mm,
                                                        28 * mm, 22 * mm, 26 * mm],
                           backgrounds={len(rows) - 1: GREY}))
    signer = muni.leader_name or "Leder"
    place = f"Sted og dato: {muni.place + ', ' if muni.place else ''}____________________"
    story.append(KeepTogether([Spacer(1, 8 * mm), para("Attestert for utbetaling", "h3"),
                               *signature_block([(signer, muni.leader_title or "Leder")],
                                                place)]))
    who = st.supervisors[0].supervisor.name if len(st.supervisors) == 1 else "alle veiledere"
    info = DocumentInfo(title=TITLE, subject=f"Veiledning {fmt(st.start)}–{fmt(st.end)}, {who}",
                        municipality=muni.name, logo_path=muni.logo_path,
                        footer_note=f"{TITLE}, {fmt(st.start)}–{fmt(st.end)}")
    return build(story, info, out)


def _supervisor_section(sup, mm, para, table, grey) -> list:
    s = sup.supervisor
    pay = ("Honorar mot faktura (selvstendig næringsdrivende)"
           if s.employment == SupervisorEmployment.SELF_EMPLOYED else "Lønn (ansatt)")
    contact = ", ".join(x for x in (s.workplace, s.email, s.phone) if x)
    out = [para(s.name, "h2"), para(f"{pay}{' · ' + contact if contact else ''}", "small")]
    rows = [["Lege", "Prosjekt", "Økter", "Timer", "Mnd.", "Forberedelse", "Sum timer",
             "Beløp"]]
    for line in sup.lines:
        amount = line.hours * sup.supervision_rate + line.preparation * sup.preparation_rate
        rows.append([line.doctor_name, line.cost_code, str(line.sessions),
                     hours_text(line.hours), str(line.months), hours_text(line.preparation),
                     hours_text(line.total_hours), money(amount)])
    rows.append(["Sum", "", str(sup.session_count), hours_text(sup.hours), "",
                 hours_text(sup.preparation), hours_text(sup.total_hours), money(sup.amount)])
    widths = [32 * mm, 20 * mm, 14 * mm, 14 * mm, 14 * mm, 28 * mm, 22 * mm, 26 * mm]
    out.append(table(aligned(rows, range(2, 8)), widths, backgrounds={len(rows) - 1: grey}))
    out.append(para(f"Veiledning {hours_text(sup.hours)} t × {money(sup.supervision_rate)} = "
                    f"{money(sup.supervision_amount)}; forberedelse "
                    f"{hours_text(sup.preparation)} t × {money(sup.preparation_rate)} = "
                    f"{money(sup.preparation_amount)}.", "small"))
    if sup.sessions:
        names = {line.doctor_id: line.doctor_name for line in sup.lines}
        detail = [["Dato", "Lege", "Timer", "Tema"]]
        for x in sup.sessions:
            detail.append([fmt(x.date), names.get(x.doctor_id, ""), hours_text(x.hours),
                           x.topics])
        out += [para("Veiledningstimer", "h3"),
                table(aligned(detail, [2]), [22 * mm, 45 * mm, 14 * mm, 89 * mm])]
    return out


# --- xlsx and csv ------------------------------------------------------------------------------

def write_xlsx(st: Statement, out) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Utbetaling"
    muni = st.municipality
    ws.append([f"{TITLE}, {muni.name}"])
    ws.append([f"Periode {fmt(st.start)}–{fmt(st.end)}", "Sats veiledning",
               muni.supervision_rate, "Sats forberedelse", muni.preparation_rate])
    ws.append([])
    ws.append(HEADER)
    for row in line_rows(st):
        ws.append(row)
    ws.append(totals_row(st))
    for cell in (ws[1][0], *ws[4], *ws[ws.max_row]):
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=5, min_col=6, max_col=9):
        for cell in row:
            cell.number_format = "0.00"
    for row in ws.iter_rows(min_row=5, min_col=10, max_col=10):
        row[0].number_format = "#,##0.00"
    for col, width in zip("ABCDEFGHIJ", (24, 30, 24, 14, 8, 8, 9, 13, 10, 14)):
        ws.column_dimensions[col].width = width
    detail = wb.create_sheet("Timer")
    detail.append(["Dato", "Veileder", "Lege", "Prosjektkode", "Timer", "Tema", "Merknad"])
    for sup in st.supervisors:
        codes = {line.doctor_id: (line.doctor_name, line.cost_code) for line in sup.lines}
        for x in sup.sessions:
            name, code = codes.get(x.doctor_id, ("", ""))
            detail.append([x.date, sup.supervisor.name, name, code, x.hours, x.topics, x.note])
    for row in detail.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()  # built whole in memory, then written through the one door
    wb.save(buffer)
    write_bytes_atomically(Path(out), buffer.getvalue())


def write_csv(st: Statement, out) -> None:
    """Semicolons and decimal commas, UTF-8 with BOM: what Norwegian Excel opens as is."""
    buffer = io.StringIO()
    w = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    w.writerow(HEADER)
    for row in [*line_rows(st), totals_row(st)]:
        w.writerow([_csv_cell(c) for c in row])
    write_text_atomically(Path(out), buffer.getvalue(), encoding="utf-8-sig")


def _csv_cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)
