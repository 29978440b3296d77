"""Forberedelse til oppfølgingsmøte: an agenda pre-filled from the file (time served,
supervision hours, goals ready for approval, actions still open from last time, the plan
items agreed earlier), to print before the meeting."""

from __future__ import annotations

from datetime import date

from alis_desktop.catalog import catalog
from alis_desktop.dates import add_months, fmt, years_months
from alis_desktop.vocab import GoalState, MeetingKind, PlanItemKind
from reports import pdf
from reports.minutes import when_and_where

MM = 2.835


def build_agenda(store, doctor_id: int, on: date) -> bytes:
    """The preparation sheet for the doctor's next meeting on `on` (reads via the store)."""
    doctor = store.get("doctors", doctor_id)
    bundle = store.bundles(doctor_id)[doctor_id]
    p = store.progress(on, doctor_id)[doctor_id]
    mu = store.municipality()
    titles = {g.code: g.title for g in catalog(store.all("goal_texts"),
                                               fkm_version=doctor.catalog_version)}
    held = [mt for mt in bundle.meetings if mt.held and mt.date <= on]
    last = held[-1] if held else None
    year_ago = add_months(on, -12)
    hours_total = sum(s.hours for s in bundle.supervision_sessions if not s.planned and s.date <= on)
    hours_12m = sum(s.hours for s in bundle.supervision_sessions
                    if not s.planned and year_ago < s.date <= on)
    # A booked meeting (not yet held) gives the sheet its date, time and place.
    booked = min((mt for mt in bundle.meetings if not mt.held and mt.date and mt.date >= on),
                 key=lambda mt: mt.date, default=None)
    story = [pdf.para("Forberedelse til oppfølgingsmøte", "title"),
             pdf.table([["Lege", doctor.name], ["Møtedato", fmt(booked.date if booked else on)],
                        *(when_and_where(booked) if booked else []),
                        ["Forrige møte", f"{fmt(last.date)} ({MeetingKind.label_of(last.kind)})"
                         if last else "Ingen møter holdt ennå"]],
                       [40 * MM, 130 * MM], header=False),
             pdf.para("1. Status", "h2"),
             pdf.table([["Tellende tjeneste", f"{years_months(p.counted_months)} "
                                              f"({p.pct_complete:.0f} % av 5 år)"],
                        ["Beregnet ferdig", fmt(p.projected_completion) or p.projection_note],
                        ["Veiledning", f"{hours_total:.1f} t totalt, {hours_12m:.1f} t siste "
                                       "12 mnd (mål 42 t per år)".replace(".", ",")]],
                       [40 * MM, 130 * MM], header=False)]
    behind = [r for r in p.requirements if r.status == "behind"]
    story.append(pdf.para("2. Krav som ligger etter", "h2"))
    story.append(pdf.table([["Krav", "Gjort", "Kreves"]] +
                           [[r.label, f"{pdf.amount(r.done)} {r.unit}", pdf.amount(r.required)]
                            for r in behind],
                           [110 * MM, 35 * MM, 25 * MM], backgrounds={i + 1: pdf.RED for i in
                                                                      range(len(behind))})
                 if behind else pdf.para("Ingen."))
    ready = [g for g in bundle.goal_statuses if g.state == GoalState.SUBMITTED]
    story.append(pdf.para("3. Læringsmål klare til godkjenning", "h2"))
    story.append(pdf.table([["Kode", "Læringsmål"]] + [[g.goal_code, titles.get(g.goal_code, "")]
                                                       for g in ready], [25 * MM, 145 * MM])
                 if ready else pdf.para("Ingen læringsmål er sendt til godkjenning."))
    open_actions = [a for a in bundle.meeting_actions if not a.done_date]
    story.append(pdf.para("4. Tiltak som fortsatt er åpne", "h2"))
    story.append(pdf.table([["Tiltak", "Ansvarlig", "Frist"]] +
                           [[a.what, a.who, fmt(a.due_date)] for a in open_actions],
                           [100 * MM, 40 * MM, 30 * MM]) if open_actions else pdf.para("Ingen."))
    items = [i for i in store.for_doctor("plan_items", doctor_id) if not i.done]
    story.append(pdf.para("5. Plan fra forrige møte", "h2"))
    story.append(pdf.table([["Type", "Hva", "Når"]] +
                           [[PlanItemKind.label_of(i.kind), i.text, fmt(i.due_date)]
                            for i in items], [30 * MM, 110 * MM, 30 * MM])
                 if items else pdf.para(last.plan_next if last and last.plan_next else "Ingen."))
    story += [pdf.para("6. Plan for de neste seks månedene", "h2"),
              pdf.para("Tjeneste som skal planlegges, kurs, legevakt, permisjoner:"),
              pdf.para("\n\n\n"),
              pdf.para("7. Neste møte", "h2"),
              pdf.para(f"Foreslått: {fmt(add_months(on, 6))}")]
    warnings = list(p.warnings)
    if warnings:
        story += [pdf.para("Merknader fra beregningen", "h3"), pdf.para("\n".join(warnings), "small")]
    info = pdf.DocumentInfo(title=f"Forberedelse – {doctor.name}",
                            subject="Forberedelse til oppfølgingsmøte",
                            municipality=mu.name, logo_path=mu.logo_path)
    return pdf.build(story, info)
