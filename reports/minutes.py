"""Referat fra oppfølgingsmøte: header, participants, the status figures and timeline as of
the meeting (from the meeting's stored snapshot, so a reprint is identical), assessment,
goals approved, actions, the plan for the next six months, and signature lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

from alis_desktop.atomic_files import write_bytes_atomically
from alis_desktop.catalog import catalog
from alis_desktop.dates import fmt, years_months
from alis_desktop.vocab import MeetingKind, MeetingOutcome, PlanItemKind, ServiceCategory
from reports import pdf

STATUS_TEXT = {"met": "Oppfylt", "planned": "Planlagt", "behind": "Ligger etter",
               "deviated": "Avvik", "ok_so_far": "I rute"}
STATUS_COLOUR = {"met": pdf.GREEN, "planned": pdf.BLUE, "behind": pdf.RED}


def _d(iso: str | None) -> str:
    return fmt(date.fromisoformat(iso)) if iso else "–"


def timeline_png(snap: dict, size=(8.0, 2.6)) -> bytes:
    """The timeline as it stood on the meeting date, from the snapshot."""
    from reports.charts.timeline import figure_png, timeline_figure
    placements = [SimpleNamespace(arena_id=p["arena_id"], category=p["category"],
                                  start_date=date.fromisoformat(p["start_date"]),
                                  end_date=date.fromisoformat(p["end_date"]),
                                  position_pct=p["position_pct"], status=p["status"])
                  for p in snap.get("placements", [])]
    leaves = [SimpleNamespace(kind=lv["kind"], start_date=date.fromisoformat(lv["start_date"]),
                              end_date=date.fromisoformat(lv["end_date"]), pct=lv["pct"])
              for lv in snap.get("leaves", [])]
    names = {p["arena_id"]: p["arena"] for p in snap.get("placements", [])}
    projected = snap.get("projected_completion")
    fig = timeline_figure(placements, leaves, today=date.fromisoformat(snap["as_of"]),
                          projected=date.fromisoformat(projected) if projected else None,
                          arena_names=names, size=size, dpi=130, today_label="møtet")
    return figure_png(fig)


def status_rows(snap: dict) -> list[list[str]]:
    cats = snap.get("months_by_category", {})
    rows = [["Tellende tjeneste", f"{years_months(snap['counted_months'])} "
                                  f"({snap['pct_complete']:.0f} % av 5 år)".replace(".", ",")],
            ["Beregnet ferdig", _d(snap.get("projected_completion"))
             + ("" if snap.get("projected_completion") else f" ({snap.get('projection_note', '')})")],
            ["Veileder", snap.get("supervisor") or "–"],
            ["Veiledning", f"{snap['supervision_hours_total']:.1f} t totalt, "
                           f"{snap['supervision_hours_12m']:.1f} t siste 12 mnd".replace(".", ",")],
            ["Godkjente læringsmål", f"ALM {snap['goals_approved']['ALM']} av 88, "
                                     f"FKM {snap['goals_approved']['FKM']}"]]
    for code, months in cats.items():
        if months:
            rows.append([ServiceCategory.label_of(code), years_months(months)])
    return rows


def when_and_where(meeting) -> list[list[str]]:
    """The meeting's time and place (for the calendar invitation) as table rows, when set."""
    rows = []
    if meeting.start_time:
        rows.append(["Klokkeslett", meeting.start_time])
    if meeting.place:
        rows.append(["Sted", meeting.place])
    return rows


def build_minutes(municipality, doctor, meeting, goal_titles: dict[str, str]) -> bytes:
    st = pdf.styles()
    snap = meeting.snapshot or {}
    story = [pdf.para(f"Referat – {MeetingKind.label_of(meeting.kind).lower()}", "title"),
             pdf.table([["Lege", doctor.name], ["Dato", fmt(meeting.date)],
                        *when_and_where(meeting),
                        ["Møtetype", MeetingKind.label_of(meeting.kind)],
                        ["Deltakere", "\n".join(f"{p.get('name', '')} ({p.get('role', '')})"
                                                for p in meeting.participants) or "–"]],
                       [40 * 2.835, 130 * 2.835], header=False)]
    if snap:
        story += [pdf.para(f"Status per {_d(snap['as_of'])}", "h2"),
                  pdf.table(status_rows(snap), [55 * 2.835, 115 * 2.835], header=False)]
        from reportlab.platypus import Image
        import io
        png = timeline_png(snap)
        story.append(Image(io.BytesIO(png), width=170 * 2.835, height=55 * 2.835))
        reqs = snap.get("requirements", [])
        if reqs:
            rows = [["Krav", "Gjort", "Kreves", "Status"]]
            colours = {}
            for i, r in enumerate(reqs, start=1):
                rows.append([r["label"], f"{pdf.amount(r['done'])} {r['unit']}",
                             pdf.amount(r["required"]),
                             STATUS_TEXT.get(r["status"], r["status"])])
                if r["status"] in STATUS_COLOUR:
                    colours[i] = STATUS_COLOUR[r["status"]]
            story += [pdf.para("Fremdrift mot kravene", "h2"),
                      pdf.table(rows, [95 * 2.835, 28 * 2.835, 20 * 2.835, 27 * 2.835],
                                backgrounds=colours)]
    story += [pdf.para("Vurdering av progresjon", "h2"),
              pdf.para(MeetingOutcome.label_of(meeting.outcome) or "Ikke vurdert", "h3"),
              pdf.para(meeting.assessment or "–")]
    approved = snap.get("approved_in_meeting", [])
    story.append(pdf.para("Læringsmål godkjent i møtet", "h2"))
    if approved:
        story.append(pdf.table([["Kode", "Læringsmål"]] +
                               [[c, goal_titles.get(c, c)] for c in approved],
                               [25 * 2.835, 145 * 2.835]))
    else:
        story.append(pdf.para("Ingen."))
    actions = snap.get("actions", [])
    story.append(pdf.para("Tiltak", "h2"))
    if actions:
        story.append(pdf.table([["Tiltak", "Ansvarlig", "Frist"]] +
                               [[a["what"], a["who"] or "–", _d(a["due_date"])] for a in actions],
                               [100 * 2.835, 40 * 2.835, 30 * 2.835]))
    else:
        story.append(pdf.para("Ingen tiltak."))
    story.append(pdf.para("Plan for de neste seks månedene", "h2"))
    story.append(pdf.para(meeting.plan_next or "–"))
    items = snap.get("plan_items", [])
    if items:
        story.append(pdf.table([["Type", "Hva", "Når"]] +
                               [[PlanItemKind.label_of(i["kind"]), i["text"], _d(i["due_date"])]
                                for i in items], [30 * 2.835, 110 * 2.835, 30 * 2.835]))
    if meeting.minutes:
        story += [pdf.para("Referat", "h2"), pdf.para(meeting.minutes)]
    story += [pdf.para(f"Neste møte: {fmt(meeting.next_date) or 'ikke avtalt'}", "h3")]
    leader = municipality.leader_name or "Leder"
    supervisor = snap.get("supervisor") or "Veileder"
    story += pdf.signature_block([(leader, municipality.leader_title or "Leder"),
                                  (supervisor, "Veileder"), (doctor.name, "ALIS")],
                                 f"{municipality.place or municipality.name}, {fmt(meeting.date)}")
    del st
    info = pdf.DocumentInfo(title=f"Referat {fmt(meeting.date)} – {doctor.name}",
                            subject="Referat fra oppfølgingsmøte i spesialistutdanningen",
                            municipality=municipality.name, logo_path=municipality.logo_path)
    return pdf.build(story, info)


def minutes_for(store, doctor_id: int, meeting_id: int | None = None) -> bytes:
    """The minutes of a meeting (the doctor's latest held meeting by default)."""
    doctor = store.get("doctors", doctor_id)
    meetings = [mt for mt in store.for_doctor("meetings", doctor_id, "date") if mt.held]
    if meeting_id is not None:
        meetings = [mt for mt in meetings if mt.id == meeting_id]
    if not meetings:
        from alis_desktop.errors import ValidationError
        raise ValidationError("meeting", "Fant ikke noe avholdt møte for legen.")
    titles = {g.code: g.title for g in catalog(store.all("goal_texts"),
                                               fkm_version=doctor.catalog_version)}
    meeting = meetings[-1]
    if not meeting.snapshot:
        # A meeting recorded before snapshots (or imported): figures as of its date, now.
        from alis_desktop.meetings import meeting_snapshot
        bundle = store.bundles(doctor_id)[doctor_id]
        progress = store.progress(meeting.date, doctor_id)[doctor_id]
        meeting.snapshot = meeting_snapshot(
            bundle, progress, {a.id: a.name for a in store.all("arenas")},
            {s.id: s.name for s in store.all("supervisors")}, meeting.date)
    return build_minutes(store.municipality(), doctor, meeting, titles)


def run_cli(store, args) -> Path:
    if args.doctor is None:
        from alis_desktop.errors import ValidationError
        raise ValidationError("doctor", "Oppgi legen med --doctor ID.")
    out = Path(args.out)
    write_bytes_atomically(out, minutes_for(store, args.doctor, getattr(args, "meeting", None)))
    return out
