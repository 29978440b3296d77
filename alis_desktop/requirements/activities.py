"""Activities: the ``activity_count``, ``courses`` and ``topic_courses`` checks (group
supervision, on-call shifts, joint consultations, courses and course topics)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alis_desktop.requirements.results import _end_status, _n, _result
from alis_desktop.service_time import EPS

if TYPE_CHECKING:
    from alis_desktop.requirements.engine import _Env
    from alis_desktop.requirements.results import RequirementResult
    from alis_desktop.requirements.rules import RuleSpec, Rules


def activity_kinds_during_service(rules: Rules) -> frozenset[str]:
    """Activity kinds a rule counts only within service periods of some categories (the
    only rules that compare an activity's date with the service periods)."""
    return frozenset(s.get("activity_kind") for regime in ("new", "old")
                     for s in rules.for_regime(regime)
                     if s.check == "activity_count" and s.get("during_categories"))


def _index(env: _Env) -> None:
    """Activities by kind (each with how many times it stands in the list in a row: the
    lean read puts a group of records in once per record) and by course code: built once
    per evaluation, shared by the checks."""
    by_kind: dict[str, list] = {}
    by_code: dict[str, list] = {}
    prev = entry = None
    for a in env.activities:
        if a is prev:
            entry[1] += 1
            if a.course_code and a.date:
                by_code[a.course_code.strip().upper()].append(a)
            continue
        prev = a
        if not a.date:
            entry = [a, 0]  # counted nowhere, like the record itself
            continue
        entry = [a, 1]
        by_kind.setdefault(a.kind, []).append(entry)
        if a.course_code:
            by_code.setdefault(a.course_code.strip().upper(), []).append(a)
    env.by_kind = by_kind
    env.by_code = by_code


def _activity_plan(spec: RuleSpec) -> tuple:
    min_hours = spec.get("min_hours")
    return (spec.get("activity_kind"), int(spec.get("required")), spec.get("out_of_hours"),
            None if min_hours is None else float(min_hours) - EPS,
            spec.get("during_categories"))


def _check_activity(env: _Env, spec: RuleSpec) -> RequirementResult:
    plan = env.ctx.plans.get(spec.id)
    if plan is None:
        plan = env.ctx.plans[spec.id] = _activity_plan(spec)
    kind, req, need_ooh, min_hours, during = plan
    spans = None
    if during:
        spans = [(p.start_date, p.end_date) for p in env.dated if p.category in during]
    as_of, horizon = env.as_of, env.horizon6
    done = planned = 0
    for a, n in env.by_kind.get(kind, ()):
        if need_ooh and not a.out_of_hours:
            continue
        if min_hours is not None and (a.hours is None or a.hours < min_hours):
            continue
        if spans is not None and not any(s <= a.date <= e for s, e in spans):
            continue
        if a.date <= as_of:
            done += n
        elif a.date <= horizon:
            planned += n
    met = done >= req
    return _result(spec, env, required=req, done=done, remaining=max(0, req - done),
                   met=met, planned=planned,
                   status=_end_status(spec, env, met, done + planned >= req))


def _check_courses(env: _Env, spec: RuleSpec) -> RequirementResult:
    codes = [c.upper() for c in spec.get("codes")]
    wanted = set(codes)
    done_codes: set[str] = set()
    planned_codes: set[str] = set()
    for code in wanted:
        for a in env.by_code.get(code, ()):
            if a.date <= env.as_of:
                done_codes.add(code)
            elif a.date <= env.horizon6:
                planned_codes.add(code)
    planned_codes -= done_codes
    req = len(codes)
    done = len(done_codes)
    missing = [c for c in codes if c not in done_codes]
    met = not missing
    detail = ("Mangler: " + ", ".join(missing)) if missing else ""
    return _result(spec, env, required=req, done=done, remaining=req - done, met=met,
                   planned=len(planned_codes),
                   status=_end_status(spec, env, met, done + len(planned_codes) >= req),
                   detail=detail)


def _check_topics(env: _Env, spec: RuleSpec) -> RequirementResult:
    """Distinct topics (the activity's title, case and spacing ignored) whose course hours
    add up to at least `min_hours`."""
    code = spec.get("course_code").upper()
    min_hours = float(spec.get("min_hours")) - EPS
    hours_done: dict[str, float] = {}
    hours_all: dict[str, float] = {}
    for a in env.by_code.get(code, ()):
        topic = " ".join((a.title or "").split()).casefold()
        if not topic or a.date > env.horizon6:
            continue
        hours_all[topic] = hours_all.get(topic, 0.0) + (a.hours or 0.0)
        if a.date <= env.as_of:
            hours_done[topic] = hours_done.get(topic, 0.0) + (a.hours or 0.0)
    req = int(spec.get("required"))
    done = sum(1 for h in hours_done.values() if h >= min_hours)
    planned = max(0, sum(1 for h in hours_all.values() if h >= min_hours) - done)
    short = sum(1 for h in hours_done.values() if h < min_hours)
    detail = f"{short} emne(r) under {_n(min_hours + EPS)} timer teller ikke" if short else ""
    met = done >= req
    return _result(spec, env, required=req, done=done, remaining=max(0, req - done),
                   met=met, planned=planned,
                   status=_end_status(spec, env, met, done + planned >= req), detail=detail)
