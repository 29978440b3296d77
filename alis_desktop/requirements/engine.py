"""The entry point: evaluate() runs every rule that applies to one doctor and gathers
her Progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from alis_desktop.dates import add_months, fmt
from alis_desktop.requirements.activities import (
    _check_activity, _check_courses, _check_topics, _index,
)
from alis_desktop.requirements.deadline import _check_deadline
from alis_desktop.requirements.goals import GoalSets, _check_goals
from alis_desktop.requirements.meetings import _check_meetings
from alis_desktop.requirements.results import Progress, _n
from alis_desktop.requirements.rules import load_rules
from alis_desktop.requirements.service import (
    _Context, _Service, _check_absence, _check_cap, _check_min, _check_total, _project,
)
from alis_desktop.requirements.supervision import _check_supervision
from alis_desktop.service_time import EPS, overloaded_periods
from alis_desktop.vocab import PlacementStatus

if TYPE_CHECKING:
    from alis_desktop.requirements.rules import Rules
    from alis_desktop.requirements.service import _State

_COMPLETED = PlacementStatus.COMPLETED.value


def planning_horizon(as_of: date, rules: Rules) -> date:
    """The last day of the planning window: what is dated after `as_of` up to this day
    counts as planned (`planning_months` after `as_of`)."""
    return add_months(as_of, int(rules.setting("planning_months")))


def counted_by_category(doctor, placements, leaves, *, as_of: date,
                        rules: Rules | None = None) -> dict[str, float]:
    """Progress.months_by_category of evaluate() without deviations, activities or the
    rest: the completed placements counted on `as_of` with absence and caps applied
    (the attestation's figures, computed without the other rules and the projection)."""
    rules = rules or load_rules()
    regime = doctor.regime or "new"
    ctx = rules._cache.get(("context", regime))
    if ctx is None:
        ctx = rules._cache[("context", regime)] = _Context(rules, rules.for_regime(regime), {})
    done_pl = [p for p in placements
               if p.start_date and p.end_date and p.status == _COMPLETED]
    return dict(_Service(done_pl, list(leaves), ctx).state(as_of).capped)


def evaluate(doctor, placements, leaves, activities=(), sessions=(), goal_statuses=(),
             meetings=(), deviations=(), goals=(), *, as_of: date,
             rules: Rules | None = None) -> Progress:
    """Everything the leader needs to know about one doctor's progress on `as_of`.

    Pass one doctor's records. Agreed placements count day by day up to `as_of`; pencilled-in
    ones only toward `planned` (next 6 months) and the projected completion. Activities, supervision
    sessions and meetings dated after `as_of` are planned. `goals` are catalog Goals (the
    shipped catalog of the doctor's FKM version when empty). `goal_statuses` may be the
    records or their GoalSets for `as_of`."""
    rules = rules or load_rules()
    regime = doctor.regime or "new"
    specs = rules.for_regime(regime)
    warnings: list[str] = []

    by_id = {s.id: s for s in specs}
    deviated: dict[str, str] = {}
    for dv in deviations:
        spec = by_id.get(dv.rule_id)
        if spec is None:
            warnings.append(f"Avvik fra ukjent regel «{dv.rule_id}» er ignorert.")
        elif spec.kind == "regulation":
            warnings.append(f"Avvik fra forskriftskravet «{spec.label}» ({spec.basis}) er "
                            "ignorert: krav i forskriften kan ikke fravikes.")
        else:
            deviated[spec.id] = dv.reason
    if deviated:
        ctx = _Context(rules, specs, deviated)
    else:  # the usual case: the same context for every doctor on this regime
        ctx = rules._cache.get(("context", regime))
        if ctx is None:
            ctx = rules._cache[("context", regime)] = _Context(rules, specs, deviated)

    placements = list(placements)
    leaves = list(leaves)
    dated = [p for p in placements if p.start_date and p.end_date]
    done_pl = [p for p in dated if p.status == _COMPLETED]
    training_start = doctor.start_date or (min(p.start_date for p in dated) if dated else as_of)
    until = min(as_of, doctor.end_date) if doctor.end_date else as_of
    horizon6 = planning_horizon(as_of, rules)
    if isinstance(goal_statuses, GoalSets):
        if goal_statuses.as_of != as_of:
            raise ValueError("GoalSets of another day than as_of")
    else:
        goal_statuses = GoalSets.of(goal_statuses, as_of)

    done_service = _Service(done_pl, leaves, ctx)
    now = done_service.state(as_of)
    # With every placement completed the service ahead is the same one, counted later.
    ahead = (done_service if len(done_pl) == len(dated)
             else _Service(dated, leaves, ctx)).state(horizon6)
    projected, note = _project(doctor, dated, leaves, ctx, now, as_of, training_start)

    for p in dated:
        if p.status != _COMPLETED and p.start_date <= as_of:
            warnings.append(
                f"Tjenesteperioden {fmt(p.start_date)}–{fmt(p.end_date)} er foreløpig, men "
                "har startet; den teller ikke før den er bekreftet som avtalt.")
    for first, last, level in overloaded_periods(dated):
        warnings.append(f"Tjenesteperiodene overlapper med {_n(level)} % stilling "
                        f"{fmt(first)}–{fmt(last)} (høyst 100 %).")

    total_req = ctx.total.required
    remaining_service = max(0.0, total_req - now.total)
    end_window = float(rules.setting("end_window_months"))
    near_end = remaining_service <= end_window + EPS or (
        doctor.end_date is not None and doctor.end_date <= as_of)
    slack = float(rules.setting("behind_slack_months"))
    outstanding_mins = sum(max(0.0, s.required - now.mins[s.id]) for s in ctx.active_mins)

    env = _Env(doctor, ctx, now, ahead, as_of, horizon6, until, training_start, done_pl,
               dated, activities, sessions, goal_statuses, meetings, goals, projected,
               near_end, slack, remaining_service, outstanding_mins, warnings,
               placements=placements, leaves=leaves)
    _index(env)
    results = tuple(_CHECKS[s.check](env, s) for s in specs)

    pct = 100.0 * now.total / total_req if total_req else 100.0
    return Progress(
        doctor_id=doctor.id,
        as_of=as_of,
        months_by_category=dict(now.capped),
        counted_months=now.total,
        pct_complete=max(0.0, min(100.0, pct)),
        requirements=results,
        projected_completion=projected,
        projection_note=note,
        behind_plan=any(r.status == "behind" for r in results),
        warnings=tuple(warnings),
    )


@dataclass
class _Env:
    doctor: object
    ctx: _Context
    now: _State
    ahead: _State
    as_of: date
    horizon6: date
    until: date
    training_start: date
    done_pl: list
    dated: list
    activities: object
    sessions: object
    goal_statuses: object
    meetings: object
    goals: object
    projected: date | None
    near_end: bool
    slack: float
    remaining_service: float
    outstanding_mins: float
    warnings: list
    placements: list = field(default_factory=list)  # all of them, planned too
    leaves: list = field(default_factory=list)
    by_kind: dict = field(default_factory=dict)
    by_code: dict = field(default_factory=dict)


_CHECKS = {
    "service_total": _check_total,
    "service_min": _check_min,
    "service_cap": _check_cap,
    "absence": _check_absence,
    "supervision": _check_supervision,
    "activity_count": _check_activity,
    "courses": _check_courses,
    "topic_courses": _check_topics,
    "goals": _check_goals,
    "meeting_interval": _check_meetings,
    "deadline": _check_deadline,
}
