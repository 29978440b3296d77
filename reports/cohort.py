"""Kohortrapport: every doctor on one page: stage, counted FTE, projected completion,
supervision hours this year against the target, last and next meeting, open actions and
flags, with an overview chart."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.dates import fmt
from alis_desktop.requirements import load_rules
from reports import pdf
from reports.common import (
    current_supervisor, last_meeting, next_meeting_date, num, open_actions, stage, years,
)

TITLE = "Kohortrapport: leger i spesialisering"

# Short names of the requirements for the flags column.
SHORT_NAMES = {
    "total_service": "tjenestetid", "gp_unselected_min": "uselektert praksis",
    "institution_min": "institusjon", "supervision_hours": "veiledning",
    "group_supervision": "gruppeveiledning", "group_supervision_gp": "gruppeveiledning",
    "on_call": "legevakt", "joint_consultations": "felleskonsultasjoner",
    "practice_visit_made": "praksisbesøk", "practice_visit_received": "praksisbesøk",
    "basic_courses": "grunnkurs", "emergency_course": "akuttkurs",
    "violence_course": "voldskurs", "topic_courses": "emnekurs", "fkm_courses": "FKM-kurs",
    "alm_goals": "ALM-mål", "fkm_goals": "FKM-mål", "review_meetings": "møter",
    "absence": "fravær", "old_regime_deadline": "frist gammel ordning",
}


def supervision_target(doctor, placements, leaves, as_of: date) -> float:
    """Hours of individual supervision due so far this calendar year: the Veiledning view's
    target (4 h a month in 10.5 months a year, over the months in service)."""
    from alis_desktop import supervision
    rules = supervision.load_rules()
    year_start = date(as_of.year, 1, 1)
    clipped = [dataclasses.replace(p, start_date=max(p.start_date, year_start))
               for p in placements if p.end_date >= year_start]
    weights = supervision.service_weights(doctor, clipped, leaves, as_of, rules)
    return supervision.target_hours(weights, year_start, as_of, rules)


@dataclass
class CohortRow:
    doctor_id: int
    name: str
    stage: str
    counted_months: float
    pct_complete: float
    months_by_category: dict
    projected: date | None
    supervision_hours: float
    supervision_target: float
    last_meeting: date | None
    next_meeting: date | None
    open_actions: int
    flags: list = field(default_factory=list)


def cohort_rows(bundles: dict, progress: dict, supervisors: dict, as_of: date,
                include_finished: bool = False) -> list[CohortRow]:
    """One row per doctor (not archived; finished ones only when asked), sorted by name."""
    rows = []
    for did, b in bundles.items():
        d, pr = b.doctor, progress[did]
        if d.archived or (d.end_date and d.end_date < as_of and not include_finished):
            continue
        year_start = date(as_of.year, 1, 1)
        hours = sum(s.hours or 0 for s in b.supervision_sessions
                    if s.date and year_start <= s.date <= as_of and not s.planned)
        target = supervision_target(d, b.placements, b.leaves, as_of)
        last = last_meeting(b, as_of)
        nxt = next_meeting_date(b, as_of)
        flags = []
        behind = sorted({SHORT_NAMES.get(r.id, r.id) for r in pr.requirements
                         if r.status == "behind"})
        if behind:
            flags.append("Ligger etter: " + ", ".join(behind))
        started = d.start_date and d.start_date <= as_of
        if started and nxt and nxt < as_of:
            flags.append(f"Møte forfalt {fmt(nxt)}")
        if started and hours < target - 3.5:  # more than a month's share short
            flags.append("Veiledning under målet i år")
        if started and not current_supervisor(b, supervisors, as_of):
            flags.append("Mangler veileder")
        if pr.warnings:
            flags.append(f"{len(pr.warnings)} advarsel(er)")
        rows.append(CohortRow(did, d.name, stage(d, pr, as_of), pr.counted_months,
                              pr.pct_complete, dict(pr.months_by_category),
                              pr.projected_completion, hours, target,
                              last.date if last else None, nxt, len(open_actions(b)), flags))
    return sorted(rows, key=lambda r: r.name)


def build_pdf(municipality, rows: list[CohortRow], as_of: date) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from reports.charts.cohort import cohort_figure
    from reports.charts.timeline import figure_png

    p = pdf.para
    required = load_rules().rule("total_service").required
    body = [["Lege", "Stadium", "Tellende tjeneste", "Beregnet ferdig", "Veiledning i år",
             "Siste møte", "Neste møte", "Åpne tiltak", "Merknader"]]
    colours = {}
    for k, r in enumerate(rows, start=1):
        body.append([r.name, r.stage, f"{years(r.counted_months)} ({num(r.pct_complete, 0)} %)",
                     fmt(r.projected) or "–",
                     f"{num(r.supervision_hours)} / {num(r.supervision_target)} t",
                     fmt(r.last_meeting) or "–", fmt(r.next_meeting) or "–",
                     str(r.open_actions), "\n".join(r.flags) or "–"])
        if any(f.startswith(("Ligger etter", "Møte forfalt")) for f in r.flags):
            colours[k] = pdf.RED
    behind = sum(1 for r in rows if r.flags)
    fte = sum(r.counted_months for r in rows) / 12
    story = [
        p(TITLE, "title"),
        p(f"Status per {fmt(as_of)}: {len(rows)} leger, til sammen {num(fte)} årsverk "
          f"tellende tjeneste (spesialistforskriften § 31); {behind} med merknader; "
          f"{sum(r.open_actions for r in rows)} åpne tiltak. Veiledning i år måles mot "
          "4 t per måned i tjeneste i 10,5 av årets måneder (42 t/år), som i visningen Veiledning."),
        Spacer(1, 3 * mm),
        pdf.table(body, [34 * mm, 21 * mm, 26 * mm, 23 * mm, 23 * mm, 23 * mm, 23 * mm,
                         14 * mm, 70 * mm], backgrounds=colours),
        Spacer(1, 1 * mm),
        p("Rader med rød bakgrunn ligger etter planen eller har et forfalt møte.", "small"),
    ]
    if rows:
        fig = cohort_figure(rows, required_months=required, size=(10.5, 4.0), dpi=150)
        story += [p("Tellende tjeneste og veiledning", "h2"),
                  pdf.png_image(figure_png(fig), 250)]
    info = pdf.DocumentInfo(title=TITLE, subject=f"{TITLE} per {fmt(as_of)}",
                            municipality=municipality.name, logo_path=municipality.logo_path,
                            footer_note=f"Kohortrapport per {fmt(as_of)}", landscape=True)
    return pdf.build(story, info)


def build_for(store, as_of: date) -> bytes:
    bundles = store.bundles()
    progress = store.progress(as_of)
    supervisors = {s.id: s for s in store.all("supervisors")}
    return build_pdf(store.municipality(), cohort_rows(bundles, progress, supervisors, as_of),
                     as_of)


def run_cli(store, args) -> Path:
    """`report cohort FILE [--to D] --out PDF` (--to: the date the report shows)."""
    out = Path(args.out)
    write_bytes_atomically(out, build_for(store, args.to_date or date.today()))
    return out
