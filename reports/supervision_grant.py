"""Tilskudd «Nasjonal ALIS og veiledning»: the yearly summary per doctor and per supervisor,
with the figures the municipality reports, as PDF and .xlsx. Costs are traced per ALIS by
the doctor's project code, as the directorate's control report recommends.
The figures come from alis_desktop.supervision_pay.grant_summary."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.dates import fmt
from alis_desktop.supervision_pay import GrantSummary, grant_summary
from alis_desktop.vocab import SupervisorEmployment
from reports.supervision_statement import aligned, hours_text, money

TITLE = "Tilskudd Nasjonal ALIS og veiledning"
WRITES = False


def summary(store, year: int, as_of: date | None = None, rules=None) -> GrantSummary:
    """The year's summary from the open file (through the store's own reads)."""
    as_of = as_of or date.today()
    sessions = [s for s in store.all("supervision_sessions", order_by="date")
                if s.date.year == year]
    return grant_summary(year, as_of, store.all("doctors"), store.all("placements"),
                         store.all("leaves"), sessions, store.all("supervisors"),
                         store.municipality(), rules)


def export(store, year: int, out: Path, *, as_of: date | None = None) -> Path:
    out = Path(out)
    writer = {".pdf": write_pdf, ".xlsx": write_xlsx}.get(out.suffix.lower())
    if writer is None:
        raise ValueError(f"Ukjent filtype «{out.suffix}»; bruk .pdf eller .xlsx.")
    writer(summary(store, year, as_of), out)
    return out


def run_cli(store, args) -> Path:
    """`report grant FILE [--to DATE] --out X.pdf|.xlsx`: the summary of the year of --to
    (default today), up to that date."""
    as_of = args.to_date or date.today()
    try:
        return export(store, as_of.year, Path(args.out), as_of=as_of)
    except ValueError as exc:
        raise SystemExit(f"Feil: {exc}") from None


def key_figures(g: GrantSummary) -> list[tuple[str, str]]:
    """(label, value) pairs for the grant report."""
    return [
        ("Leger i spesialisering (ALIS) med tjeneste i året", str(len(g.lines))),
        ("Herav med ALIS-avtale", str(g.doctors_with_agreement)),
        ("Veiledere som har veiledet", str(g.supervisor_count)),
        ("Tjenestemåneder etter ALIS-avtale", hours_text(round(g.total("eligible_months"), 2))),
        ("Veiledningstimer (herav etter ALIS-avtale)",
         f"{hours_text(g.total('hours'))} ({hours_text(g.total('eligible_hours'))})"),
        ("Forberedelsestimer (herav etter ALIS-avtale)",
         f"{hours_text(g.total('preparation'))} "
         f"({hours_text(g.total('eligible_preparation'))})"),
        ("Kostnad veiledning og forberedelse", money(g.total("amount"))),
        ("Herav tilskuddsberettiget (etter ALIS-avtale)", money(g.total("eligible_amount"))),
        ("Tilskuddsgrunnlag, timer (57,75 t per år i tjeneste)",
         hours_text(round(g.total("basis_hours"), 2))),
    ]


def doctor_rows(g: GrantSummary) -> list[list]:
    return [[ln.doctor.name, ln.doctor.cost_code, ln.doctor.alis_agreement_date,
             round(ln.service_months, 2), round(ln.eligible_months, 2), ", ".join(ln.supervisors),
             ln.hours, ln.preparation, ln.eligible_hours, ln.eligible_preparation, ln.amount,
             ln.eligible_amount] for ln in g.lines]


DOCTOR_HEADER = ["Lege", "Prosjektkode", "ALIS-avtale", "Tjenestemnd.", "Mnd. etter avtale",
                 "Veileder(e)", "Timer", "Forberedelse", "Timer etter avtale",
                 "Forb. etter avtale", "Beløp", "Beløp etter avtale"]


def write_pdf(g: GrantSummary, out) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from reports.pdf import GREY, DocumentInfo, build, para, table

    muni = g.municipality
    period = (f"1. januar–31. desember {g.year}" if g.until == date(g.year, 12, 31)
              else f"01.01.{g.year}–{fmt(g.until)} (året er ikke omme)")
    story = [para(f"{TITLE} – grunnlag {g.year}", "title"),
             para(f"{muni.name}{', org.nr. ' + muni.org_number if muni.org_number else ''}. "
                  f"Periode: {period}."),
             para("Tilskudd gis ikke for tid før ALIS-avtalen er inngått; timene deles derfor "
                  "i alle og dem etter avtaledatoen. Forberedelse: 1,5 t per måned med "
                  "veiledning, høyst 10,5 måneder i året. Satser: veiledning "
                  f"{money(muni.supervision_rate)}, forberedelse {money(muni.preparation_rate)} "
                  "per time.", "small"),
             para("Tall til rapporteringen", "h2"),
             table([[label, value] for label, value in key_figures(g)], [120 * mm, 50 * mm],
                   header=False),
             para("Per lege", "h2")]
    rows = [["Lege", "Prosjekt", "Avtale", "Mnd.", "Veileder(e)", "Timer", "Forb.",
             "Beløp etter avtale"]]
    for ln in g.lines:
        rows.append([ln.doctor.name, ln.doctor.cost_code, fmt(ln.doctor.alis_agreement_date)
                     or "Mangler", hours_text(round(ln.service_months, 1)),
                     ", ".join(ln.supervisors), hours_text(ln.hours),
                     hours_text(ln.preparation), money(ln.eligible_amount)])
    rows.append(["Sum", "", "", hours_text(round(g.total("service_months"), 1)), "",
                 hours_text(g.total("hours")), hours_text(g.total("preparation")),
                 money(g.total("eligible_amount"))])
    missing = {i + 1: "#f6d5d5" for i, ln in enumerate(g.lines) if not ln.agreement_in_place}
    story.append(table(aligned(rows, [3, 5, 6, 7]), [30 * mm, 20 * mm, 22 * mm, 14 * mm,
                                                     28 * mm, 14 * mm, 14 * mm, 28 * mm],
                       backgrounds={**missing, len(rows) - 1: GREY}))
    story += [Spacer(1, 3 * mm), para("Per veileder", "h2")]
    srows = [["Veileder", "Tilknytning", "Leger", "Timer", "Forberedelse", "Beløp"]]
    for sup in g.supervisors:
        srows.append([sup.supervisor.name, SupervisorEmployment.label_of(sup.supervisor.employment),
                      str(len(sup.lines)), hours_text(sup.hours), hours_text(sup.preparation),
                      money(sup.amount)])
    story.append(table(aligned(srows, [2, 3, 4, 5]), [40 * mm, 40 * mm, 14 * mm, 14 * mm,
                                                      28 * mm, 28 * mm]))
    info = DocumentInfo(title=f"{TITLE} {g.year}", subject=f"Tilskuddsgrunnlag {g.year}",
                        municipality=muni.name, logo_path=muni.logo_path,
                        footer_note=f"Tilskuddsgrunnlag {g.year}")
    return build(story, info, out)


def write_xlsx(g: GrantSummary, out) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Nøkkeltall"
    ws.append([f"{TITLE} – grunnlag {g.year}", g.municipality.name])
    ws["A1"].font = Font(bold=True)
    for label, value in key_figures(g):
        ws.append([label, value])
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 24
    docs = wb.create_sheet("Leger")
    docs.append(DOCTOR_HEADER)
    for row in doctor_rows(g):
        docs.append(row)
    for cell in docs[1]:
        cell.font = Font(bold=True)
    for row in docs.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = "DD.MM.YYYY"
    sups = wb.create_sheet("Veiledere")
    sups.append(["Veileder", "Tilknytning", "Leger", "Økter", "Timer", "Forberedelse", "Beløp"])
    for sup in g.supervisors:
        sups.append([sup.supervisor.name, SupervisorEmployment.label_of(sup.supervisor.employment),
                     len(sup.lines), sup.session_count, sup.hours, sup.preparation, sup.amount])
    buffer = io.BytesIO()  # built whole in memory, then written through the one door
    wb.save(buffer)
    write_bytes_atomically(Path(out), buffer.getvalue())
