"""The activity log: quick entry of repeated items, how an activity's goals are written, and
the activity requirements as the log shows them.

The rules engine (alis_desktop/requirements.py, figures in resources/rules.json) owns the
counting; this module only picks its activity results for the log and reads the on-call rule
to mark the shifts that do not count.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.requirements import Progress, RequirementResult, Rules, load_rules
from alis_desktop.service_time import EPS
from alis_desktop.vocab import ActivityKind

MAX_REPEATS = 200
ACTIVITY_CHECKS = ("activity_count", "courses", "topic_courses")
ON_CALL_RULE = "on_call"


def repeated(template: m.Activity, start: date, count: int, every_days: int) -> list[m.Activity]:
    """`count` copies of `template` dated start, start + every_days, ... (e.g. ten on-call
    shifts a week apart); each is validated, so one bad field refuses them all."""
    if not 1 <= count <= MAX_REPEATS:
        raise ValidationError("count", f"Antall må være mellom 1 og {MAX_REPEATS}.")
    if every_days < 1:
        raise ValidationError("every_days", "Intervallet må være minst 1 dag.")
    out = []
    for k in range(count):
        item = dataclasses.replace(template, id=None, date=start + timedelta(days=k * every_days),
                                   end_date=None, goals=list(template.goals))
        item.validate()
        out.append(item)
    return out


def goals_text(codes) -> str:
    """The goals an activity supports as a plain list in the plans' notation, ranges joined:
    'ALM 001, 008-009, 016; FKM 003'. (format_goal_refs would prefer "Alle ALM, bortsett fra
    ..." for long lists, which reads oddly for a course.) Codes it cannot read are listed as
    they are."""
    by_family: dict[str, list[int]] = {}
    odd = []
    for code in codes:
        family, _, num = code.partition("-")
        if num.isdigit():
            by_family.setdefault(family, []).append(int(num))
        else:
            odd.append(code)
    parts = []
    for family, numbers in sorted(by_family.items()):
        runs: list[list[int]] = []
        for n in sorted(set(numbers)):
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        items = [f"{r[0]:03d}" if len(r) == 1 else f"{r[0]:03d}-{r[-1]:03d}" for r in runs]
        parts.append(f"{family} " + ", ".join(items))
    return "; ".join(parts + odd)


def counts_toward_on_call(a: m.Activity, rules: Rules | None = None) -> bool:
    """Whether an on-call shift meets the on-call rule (outside office hours, long enough)."""
    spec = (rules or load_rules()).rule(ON_CALL_RULE)
    if a.kind != spec.get("activity_kind"):
        return False
    if spec.get("out_of_hours") and not a.out_of_hours:
        return False
    min_hours = spec.get("min_hours")
    return min_hours is None or (a.hours is not None and a.hours >= float(min_hours) - EPS)


def activity_requirements(progress: Progress, rules: Rules | None = None,
                          regime: str = "new") -> list[RequirementResult]:
    """The engine's results for the activity rules (on-call, consultations, visits, group
    supervision, courses), in the order of rules.json."""
    checks = {s.id: s.check for s in (rules or load_rules()).for_regime(regime)}
    return [r for r in progress.requirements if checks.get(r.id) in ACTIVITY_CHECKS]


def _amount(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def summary_lines(results: list[RequirementResult], activities, as_of: date,
                  rules: Rules | None = None) -> list[tuple[str, bool]]:
    """(text, met) per activity requirement, e.g. 'Legevakt: minst 40 vakter ...: 33 av 40
    vakter (7 vakter teller ikke)'."""
    lines = []
    for r in results:
        text = f"{r.label}: {_amount(r.done)} av {_amount(r.required)} {r.unit}"
        if r.id == ON_CALL_RULE:
            shifts = sum(1 for a in activities if a.kind == ActivityKind.ON_CALL.value
                         and a.date and a.date <= as_of)
            if shifts > r.done:
                text += f" ({shifts - int(r.done)} vakter teller ikke)"
        elif r.detail:
            text += f" ({r.detail})"
        lines.append((text, r.met))
    return lines
