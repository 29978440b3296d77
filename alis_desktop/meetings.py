"""Review meetings: when the next one is due, which are overdue, open actions, and the early
warnings the leader sees before it is too late, each saying why in the regulation's terms.

Meetings are held at least yearly and normally every six months (rules.json,
`review_meetings`); a meeting is overdue when none was held in the last six months or the
agreed next date has passed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from alis_desktop.dates import add_months, days_in_month, fmt
from alis_desktop.service_time import months_served
from alis_desktop.vocab import ActivityKind, ServiceCategory

NORMAL_MONTHS = 6
DUE_SOON_DAYS = 30
EXEMPTION_WARNING_DAYS = 90
ON_CALL_TARGET = 40
ON_CALL_SLACK = 3  # shifts behind the straight-line pace before a warning


@dataclass(frozen=True)
class MeetingDue:
    doctor_id: int
    last: date | None        # the last meeting held
    due: date                # when the next one is due
    booked: date | None      # a planned (not yet held) meeting, if any
    overdue: bool
    due_soon: bool
    reason: str              # Norwegian: what the due date rests on


@dataclass(frozen=True)
class Warning:
    doctor_id: int
    kind: str                # a stable code: meeting_overdue, action_overdue, supervision_low ...
    text: str                # Norwegian: what and why


def default_next_date(meeting_date: date) -> date:
    return add_months(meeting_date, NORMAL_MONTHS)


def meeting_due(doctor, meetings, today: date) -> MeetingDue:
    """When the doctor's next review meeting is due and whether it is late."""
    held = sorted((mt for mt in meetings if mt.held and mt.date and mt.date <= today),
                  key=lambda mt: mt.date)
    booked = min((mt.date for mt in meetings if not mt.held and mt.date and mt.date >= today),
                 default=None)
    if not held:
        due = add_months(doctor.start_date, 1) if doctor.start_date else today
        reason = "oppstartsmøtet er ikke holdt"
        last = None
    else:
        last = held[-1].date
        six_months = add_months(last, NORMAL_MONTHS)
        agreed = held[-1].next_date
        due = min(agreed, six_months) if agreed else six_months
        reason = (f"avtalt neste møte {fmt(agreed)}" if agreed and agreed <= six_months
                  else f"seks måneder etter forrige møte {fmt(last)}")
    overdue = due < today and not (booked and booked <= add_months(due, 1))
    due_soon = not overdue and due <= today + timedelta(days=DUE_SOON_DAYS)
    return MeetingDue(doctor.id, last, due, booked, overdue, due_soon, reason)


def latest_held(meetings, today: date):
    """The last meeting held on or before `today` (whose minutes one prints), or None."""
    held = [mt for mt in meetings if mt.held and mt.date and mt.date <= today]
    return max(held, key=lambda mt: (mt.date, mt.id or 0)) if held else None


def overdue_actions(actions, today: date) -> list:
    """Actions (tiltak) past their due date and not done."""
    return [a for a in actions if a.due_date and a.due_date < today and not a.done_date]


def service_months_between(placements, start: date, end: date) -> float:
    """Calendar months (§ 31 counting, position not weighted: the supervision target does not
    scale with position % by default) of completed service in [start, end]."""
    spans = sorted((max(p.start_date, start), min(p.end_date, end)) for p in placements
                   if p.status == "completed" and p.start_date <= end and p.end_date >= start)
    merged: list[list[date]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return sum(months_served(first, last) for first, last in merged)


def early_warnings(doctor, bundle, progress, today: date, supervisors=None) -> list[Warning]:
    """Everything that needs the leader's attention for one active doctor.

    `bundle` has the doctor's records (placements, meetings, meeting_actions,
    supervision_sessions, activities, supervisor_assignments); `progress` is the rules
    engine's Progress; `supervisors` maps id -> Supervisor."""
    if doctor.status(today) != "Aktiv":
        return []
    out: list[Warning] = []
    due = meeting_due(doctor, bundle.meetings, today)
    if due.overdue:
        out.append(Warning(doctor.id, "meeting_overdue",
                           f"Oppfølgingsmøte på overtid siden {fmt(due.due)} ({due.reason}); "
                           "møter holdes minst årlig, normalt hvert halvår."))
    elif due.due_soon:
        out.append(Warning(doctor.id, "meeting_due",
                           f"Oppfølgingsmøte skal holdes innen {fmt(due.due)}."))
    for a in overdue_actions(bundle.meeting_actions, today):
        out.append(Warning(doctor.id, "action_overdue",
                           f"Tiltak «{a.what}» skulle vært gjennomført {fmt(a.due_date)}."))
    out += _supervision_warning(doctor, bundle, today)
    out += _institution_warning(doctor, bundle, progress)
    out += _on_call_warning(doctor, bundle, progress, today)
    out += _completion_warning(doctor, progress)
    out += _exemption_warning(doctor, bundle, today, supervisors or {})
    out += _unconfirmed_warning(doctor, bundle, today)
    return out


def _unconfirmed_warning(doctor, bundle, today) -> list[Warning]:
    """Pencilled-in service that has started: it counts only once the leader confirms it
    as agreed (DESIGN.md: a period is never marked done to make it count)."""
    from alis_desktop.service_time import awaiting_confirmation, period_text
    waiting = awaiting_confirmation(bundle.placements, today)
    if not waiting:
        return []
    return [Warning(doctor.id, "service_unconfirmed",
                    f"Foreløpig tjeneste har startet ({period_text(waiting)}) og teller ikke "
                    "før den er bekreftet som avtalt (Leger → Tjeneste: Bekreft som avtalt).")]


def _supervision_warning(doctor, bundle, today) -> list[Warning]:
    """Hours over the last three months against the same target the Veiledning view uses."""
    from alis_desktop import supervision
    rules = supervision.load_rules()
    first = supervision_window_start(today)
    clipped = [dataclasses.replace(p, start_date=max(p.start_date, first))
               for p in bundle.placements if p.end_date >= first]
    if bundle.placements and not clipped:
        # Service periods, none in the window: no target. (With no periods at all the
        # Veiledning rule counts service from the start date; an empty list means that.)
        return []
    # The window's service months from runs of equal weight within a month (as the rules
    # engine's pace), not day by day: the same sum, a few runs instead of ninety days.
    months = 0.0
    for a, b, w in supervision.service_runs(doctor, clipped, bundle.leaves, today, rules):
        a, b = max(a, first), min(b, today)
        if a <= b:
            months += w * ((b - a).days + 1) / days_in_month(a.year, a.month)
    if months < 1:
        return []
    target = rules.monthly_target * months
    hours = sum(s.hours for s in bundle.supervision_sessions
                if not s.planned and s.date and first <= s.date <= today)
    if hours + 1e-9 >= target:
        return []
    return [Warning(doctor.id, "supervision_low",
                    f"Veiledning siste tre måneder: {_nb(hours)} t mot målet {_nb(target)} t "
                    "(i snitt 4 t per måned i 10,5 måneder i året, spesialistforskriften § 2).")]


def supervision_window_start(today: date) -> date:
    """First day of the three months up to `today` over which the low-supervision warning
    sums the hours held."""
    return add_months(today, -3) + timedelta(days=1)


def _nb(x: float) -> str:
    """A number with one decimal, Norwegian style (4,5)."""
    return f"{x:.1f}".replace(".", ",")


def _institution_warning(doctor, bundle, progress) -> list[Warning]:
    if progress.counted_months < 24:
        return []
    booked = any(p.category == ServiceCategory.INSTITUTION for p in bundle.placements)
    if booked:
        return []
    return [Warning(doctor.id, "institution_not_booked",
                    "Institusjonstjeneste (ALM-055, ALM-085) er ikke planlagt, og legen er i "
                    "tredje år av utdanningen.")]


_ON_CALL = ActivityKind.ON_CALL.value


def _on_call_warning(doctor, bundle, progress, today) -> list[Warning]:
    shifts = 0
    for a in bundle.activities:  # a plain string: an enum member is slow to look up
        if (a.kind == _ON_CALL and a.out_of_hours and (a.hours or 0) >= 6 and a.date
                and a.date <= today):
            shifts += 1
    if shifts >= ON_CALL_TARGET:
        return []
    pace = ON_CALL_TARGET * min(1.0, progress.counted_months / 60)
    if shifts + ON_CALL_SLACK >= pace:
        return []
    return [Warning(doctor.id, "on_call_behind",
                    f"{shifts} legevaktvakter (minst 6 t utenom dagtid) etter "
                    f"{progress.counted_months:.0f} mnd tellende tjeneste; i takt mot 40 ville "
                    f"vært {pace:.0f}.")]


def _completion_warning(doctor, progress) -> list[Warning]:
    end = progress.projected_completion
    if end is None:
        return []
    out = []
    if doctor.grant_end_date and end > doctor.grant_end_date:
        out.append(Warning(doctor.id, "completion_after_grant",
                           f"Beregnet ferdig {fmt(end)}, etter at ALIS-avtalen/tilskuddsperioden "
                           f"slutter {fmt(doctor.grant_end_date)}."))
    return out


def _exemption_warning(doctor, bundle, today, supervisors) -> list[Warning]:
    current = [a for a in bundle.supervisor_assignments
               if a.start_date <= today and (a.end_date is None or a.end_date >= today)]
    out = []
    for a in current:
        s = supervisors.get(a.supervisor_id)
        if s is None or s.specialist or not s.exemption_until:
            continue
        if s.exemption_until < today:
            text = f"Veileder {s.name} sin dispensasjon utløp {fmt(s.exemption_until)}."
        elif s.exemption_until <= today + timedelta(days=EXEMPTION_WARNING_DAYS):
            text = f"Veileder {s.name} sin dispensasjon utløper {fmt(s.exemption_until)}."
        else:
            continue
        out.append(Warning(doctor.id, "exemption_expiring",
                           text + " Veileder skal være spesialist i allmennmedisin "
                                  "(spesialistforskriften § 25)."))
    return out


def meeting_snapshot(bundle, progress, arena_names: dict, supervisor_names: dict,
                     as_of: date) -> dict:
    """The figures shown in a meeting as plain data, stored with the meeting so its minutes
    reprint identically later."""
    sessions = [s for s in bundle.supervision_sessions if not s.planned and s.date <= as_of]
    current = [a for a in bundle.supervisor_assignments
               if a.start_date <= as_of and (a.end_date is None or a.end_date >= as_of)]
    approved = [g for g in bundle.goal_statuses
                if g.state == "approved" and g.approved_date and g.approved_date <= as_of]
    p = progress
    return {
        "as_of": as_of.isoformat(),
        "counted_months": round(p.counted_months, 4),
        "pct_complete": round(p.pct_complete, 2),
        "projected_completion": p.projected_completion.isoformat() if p.projected_completion else None,
        "projection_note": p.projection_note,
        "months_by_category": {k: round(v, 4) for k, v in p.months_by_category.items()},
        "supervisor": supervisor_names.get(current[-1].supervisor_id, "") if current else "",
        "supervision_hours_total": round(sum(s.hours for s in sessions), 2),
        "supervision_hours_12m": round(sum(s.hours for s in sessions
                                           if (as_of - s.date).days < 365), 2),
        "goals_approved": {"ALM": sum(1 for g in approved if g.goal_code.startswith("ALM")),
                           "FKM": sum(1 for g in approved if g.goal_code.startswith("FKM"))},
        "requirements": [{"id": r.id, "label": r.label, "kind": r.kind, "basis": r.basis,
                          "done": round(r.done, 4), "required": r.required, "unit": r.unit,
                          "status": r.status} for r in p.requirements],
        "placements": [{"arena": arena_names.get(pl.arena_id, ""), "arena_id": pl.arena_id,
                        "category": pl.category, "start_date": pl.start_date.isoformat(),
                        "end_date": pl.end_date.isoformat(), "position_pct": pl.position_pct,
                        "status": pl.status} for pl in bundle.placements],
        "leaves": [{"kind": lv.kind, "start_date": lv.start_date.isoformat(),
                    "end_date": lv.end_date.isoformat(), "pct": lv.pct} for lv in bundle.leaves],
    }
