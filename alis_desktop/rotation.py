"""The rotation board for institution service: half-year periods, posts and who holds them.

Fixed posts at the health trust rotate each 1 March and 1 September (seed 004, 7.3.1.2), so
the board is a grid of posts (institution x department) against half-year periods. A post
is a block of service inside one row of that grid; the rules a leader would otherwise check
by hand:

- a block shorter than 3 months is refused (it would not count toward the 6 months of
  institution service; seeds 003 and 004, rules.json ``institution_min``);
- a doctor holds at most one post per half-year period (a 3 + 3 split at the same
  department is one 6-month post; at two departments it is two posts in two periods);
- a post holds one doctor.

Assigning a doctor makes a planned placement (category institution, 100 %) at the arena of
the post's institution; the storage side (db/institution.py) writes both in one transaction
and refuses overlaps with alis_desktop.service_time.check_placements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from alis_desktop import models as m
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.service_time import EPS, months_served
from alis_desktop.vocab import ArenaType, PlacementStatus, ServiceCategory

ROTATION_MONTHS = (3, 9)   # posts rotate 1 March and 1 September
MIN_BLOCK_MONTHS = 3.0     # a block of institution service counts from 3 months


@dataclass(frozen=True, order=True)
class Period:
    """One half-year period of the board: 1 March - 31 August or 1 September - end of
    February."""

    start: date
    end: date

    @property
    def label(self) -> str:
        """Short Norwegian name for a column header: 'mar.–aug. 2027', 'sep. 2027–feb. 2028'."""
        if self.start.month == 3:
            return f"mar.–aug. {self.start.year}"
        return f"sep. {self.start.year}–feb. {self.end.year}"

    @property
    def long_label(self) -> str:
        return f"{fmt(self.start)}–{fmt(self.end)}"

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def next(self) -> "Period":
        return period_of(self.end + timedelta(days=1))


def period_of(d: date) -> Period:
    """The half-year period that `d` falls in."""
    if 3 <= d.month <= 8:
        return Period(date(d.year, 3, 1), date(d.year, 8, 31))
    year = d.year if d.month >= 9 else d.year - 1
    return Period(date(year, 9, 1), date(year + 1, 3, 1) - timedelta(days=1))


def next_period_start(after: date) -> date:
    """The first 1 March or 1 September strictly after `after`."""
    return period_of(after).next().start


def periods_between(first: date, last: date) -> list[Period]:
    """Every half-year period from the one holding `first` to the one holding `last`."""
    out = [period_of(first)]
    while out[-1].end < last:
        out.append(out[-1].next())
    return out


def block_months(start: date, end: date) -> float:
    """Length of a block in calendar months as § 31 counts them (full time)."""
    return months_served(start, end)


def _n(x: float) -> str:
    text = f"{x:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def check_post(post: m.InstitutionPost) -> None:
    """A post's own rules beyond the record: at least a 3-month block."""
    post.validate()
    length = block_months(post.period_start, post.period_end)
    if length < MIN_BLOCK_MONTHS - EPS:
        raise ValidationError(
            "period_end",
            f"En blokk i institusjonstjeneste må vare minst {_n(MIN_BLOCK_MONTHS)} måneder for "
            f"å telle; {fmt(post.period_start)}–{fmt(post.period_end)} er {_n(length)} mnd.")


def describe_post(post: m.InstitutionPost) -> str:
    return f"{post.department}, {post.institution} {fmt(post.period_start)}–{fmt(post.period_end)}"


def check_assignment(post: m.InstitutionPost, doctor: m.Doctor, posts) -> None:
    """Refuse giving `post` to `doctor` when the board rules say no (Norwegian reasons).

    `posts` are all posts on the board (the post itself may be among them)."""
    check_post(post)
    if post.doctor_id is not None and post.doctor_id != doctor.id:
        raise ValidationError("doctor_id", "Posten er allerede tildelt en annen lege; fjern "
                                           "den tildelingen først.")
    if post.doctor_id == doctor.id:
        raise ValidationError("doctor_id", f"{doctor.name} har allerede denne posten.")
    period = period_of(post.period_start)
    for other in posts:
        if other.id == post.id or other.doctor_id != doctor.id or not other.period_start:
            continue
        if period_of(other.period_start) == period:
            raise ValidationError(
                "doctor_id",
                f"{doctor.name} har allerede en post i perioden {period.label} "
                f"({describe_post(other)}). En lege kan ha bare én post per halvårsperiode.")


def arena_choices(institution: str, arenas) -> list[m.Arena]:
    """Arenas a post at `institution` can be served at: those named like the institution
    first, then the other hospital and institution arenas (archived ones left out)."""
    key = " ".join(institution.split()).casefold()
    usable = [a for a in arenas if not a.archived and (
        a.type in (ArenaType.HOSPITAL.value, ArenaType.MUNICIPAL_INSTITUTION.value)
        or a.default_category == ServiceCategory.INSTITUTION.value)]
    named = [a for a in usable if " ".join(a.name.split()).casefold() == key]
    return named + sorted((a for a in usable if a not in named), key=lambda a: a.name)


def matching_arena(institution: str, arenas) -> m.Arena | None:
    """The one arena named as the institution, or None when the leader must choose."""
    key = " ".join(institution.split()).casefold()
    named = [a for a in arena_choices(institution, arenas)
             if " ".join(a.name.split()).casefold() == key]
    return named[0] if len(named) == 1 else None


def planned_placement(post: m.InstitutionPost, doctor_id: int, arena_id: int) -> m.Placement:
    """The placement that holding `post` means: planned institution service, full time."""
    return m.Placement(
        doctor_id=doctor_id, arena_id=arena_id, category=ServiceCategory.INSTITUTION.value,
        start_date=post.period_start, end_date=post.period_end, position_pct=100.0,
        status=PlacementStatus.PLANNED.value, department=post.department,
        notes=f"Institusjonspost: {post.institution}")
