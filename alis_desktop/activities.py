"""The activity log: quick entry of repeated items, and the counts shown with the log.

The requirements engine (alis_desktop/requirements.py, when it lands) owns the rules and the
figures held against them; the counts here are what the activities tab shows beside the log.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.vocab import ActivityKind

# Plan rule (Drammen, Helsedirektoratet): on-call shifts count toward the 40 when they are
# outside office hours and at least 6 hours long.
ON_CALL_MIN_HOURS = 6.0
ON_CALL_REQUIRED = 40
TOPIC_COURSE_MIN_HOURS = 15.0
MAX_REPEATS = 200


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
        numbers = sorted(set(numbers))
        runs: list[list[int]] = []
        for n in numbers:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        items = [f"{r[0]:03d}" if len(r) == 1 else f"{r[0]:03d}-{r[-1]:03d}" for r in runs]
        parts.append(f"{family} " + ", ".join(items))
    return "; ".join(parts + odd)


def counts_toward_on_call(a: m.Activity) -> bool:
    return (a.kind == ActivityKind.ON_CALL.value and a.out_of_hours
            and a.hours is not None and a.hours + 1e-9 >= ON_CALL_MIN_HOURS)


@dataclass
class ActivityCounts:
    """What the log holds, counted the way the plans count it."""

    on_call: int = 0               # all shifts
    on_call_counted: int = 0       # outside office hours and >= 6 h
    joint_consultations: int = 0
    visits_made: int = 0
    visits_received: int = 0
    group_supervision: int = 0
    procedures: int = 0
    teaching: int = 0              # internal teaching and presentations
    courses: set = field(default_factory=set)         # course codes done (GK-A, AKUTT ...)
    topic_courses: dict = field(default_factory=dict)  # topic -> hours (EMNE)

    @property
    def on_call_short(self) -> int:
        return self.on_call - self.on_call_counted

    @property
    def topics_counted(self) -> int:
        """Topic courses of at least 15 hours (the plans ask for 6 topics)."""
        return sum(1 for h in self.topic_courses.values() if h + 1e-9 >= TOPIC_COURSE_MIN_HOURS)


def activity_counts(activities, as_of: date | None = None) -> ActivityCounts:
    """Count the activities dated on or before `as_of` (all when None)."""
    c = ActivityCounts()
    for a in activities:
        if as_of is not None and a.date and a.date > as_of:
            continue
        kind = a.kind
        if kind == ActivityKind.ON_CALL.value:
            c.on_call += 1
            c.on_call_counted += counts_toward_on_call(a)
        elif kind == ActivityKind.JOINT_CONSULTATION.value:
            c.joint_consultations += 1
        elif kind == ActivityKind.PRACTICE_VISIT_MADE.value:
            c.visits_made += 1
        elif kind == ActivityKind.PRACTICE_VISIT_RECEIVED.value:
            c.visits_received += 1
        elif kind == ActivityKind.GROUP_SUPERVISION.value:
            c.group_supervision += 1
        elif kind == ActivityKind.PROCEDURE.value:
            c.procedures += 1
        elif kind in (ActivityKind.INTERNAL_TEACHING.value, ActivityKind.PRESENTATION.value):
            c.teaching += 1
        elif kind == ActivityKind.COURSE.value and a.course_code:
            if a.course_code == "EMNE":
                topic = (a.title or "").strip().lower() or "(uten tema)"
                c.topic_courses[topic] = c.topic_courses.get(topic, 0.0) + (a.hours or 0.0)
            else:
                c.courses.add(a.course_code)
    return c


def summary_text(c: ActivityCounts) -> str:
    """One line for the foot of the activities tab."""
    parts = [f"Legevakter: {c.on_call_counted} av {ON_CALL_REQUIRED} tellende"
             + (f" ({c.on_call_short} under {ON_CALL_MIN_HOURS:g} t eller på dagtid)"
                if c.on_call_short else ""),
             f"felleskonsultasjoner: {c.joint_consultations}",
             f"praksisbesøk gjort/mottatt: {c.visits_made}/{c.visits_received}",
             f"emnekurs: {c.topics_counted} emner à minst {TOPIC_COURSE_MIN_HOURS:g} t",
             f"kurs: {', '.join(sorted(c.courses)) or 'ingen'}"]
    return "; ".join(parts) + "."
