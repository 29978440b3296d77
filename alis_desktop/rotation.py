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

from dataclasses import dataclass, replace
from datetime import date, timedelta

from alis_desktop import models as m
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.service_time import EPS, months_served
from alis_desktop.vocab import ArenaType, PlacementStatus, ServiceCategory

ROTATION_MONTHS = (3, 9)   # posts rotate 1 March and 1 September
MIN_BLOCK_MONTHS = 3.0     # a block of institution service counts from 3 months
MIN_SOURCE = ("Vestre Viken-avtalen: «Spesialiseringsperioder i spesialisthelsetjenesten skal "
              "ha varighet på minst 3 måneder»")


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
            f"å telle ({MIN_SOURCE}); {fmt(post.period_start)}–{fmt(post.period_end)} er "
            f"{_n(length)} mnd.")


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


# --------------------------------------------------------------------------- the board grid


@dataclass
class BoardRow:
    """One line of the board: a department at an institution (a second line, `slot` 1, when
    it has two posts in one period), with its post in each period."""

    institution: str
    department: str
    slot: int
    cells: dict  # period start -> InstitutionPost


def board(posts, first: date, last: date | None = None) -> tuple[list[Period], list[BoardRow]]:
    """The grid of the rotation board: the periods from the one holding `first` to the one
    holding the last post's start (at least to the one holding `last`), and one row per
    department and slot. Posts that start before `first`'s period are left out; a post
    sits in the period it starts in."""
    shown = [p for p in posts if p.period_start and p.period_start >= period_of(first).start]
    end = max([p.period_start for p in shown] + [last or first])
    periods = periods_between(first, end)
    by_cell: dict[tuple, list] = {}
    for p in sorted(shown, key=lambda p: (p.period_start, p.period_end, p.id or 0)):
        key = (p.institution.strip(), p.department.strip())
        by_cell.setdefault((key, period_of(p.period_start).start), []).append(p)
    lines = sorted({key for key, _ in by_cell}, key=lambda k: (k[0].casefold(), k[1].casefold()))
    rows = []
    for key in lines:
        depth = max(len(v) for (k, _), v in by_cell.items() if k == key)
        for slot in range(depth):
            cells = {start: found[slot] for (k, start), found in by_cell.items()
                     if k == key and slot < len(found)}
            rows.append(BoardRow(key[0], key[1], slot, cells))
    return periods, rows


# --------------------------------------------------------------------------- making room


@dataclass(frozen=True)
class Room:
    """How the doctor's other placements change so a post fits: while at the hospital she
    has leave from her position in the municipality (seed 003), so the placements that
    overlap the post are cut around it."""

    changed: tuple   # placements shortened to the part before (or after) the post
    added: tuple     # the part after the post of a placement running through it
    removed: tuple   # placements lying wholly inside the post

    def describe(self, arena_names: dict) -> list[str]:
        out = []
        for p in self.changed:
            out.append(f"{arena_names.get(p.arena_id, 'Tjeneste')} blir "
                       f"{fmt(p.start_date)}–{fmt(p.end_date)}")
        for p in self.added:
            out.append(f"{arena_names.get(p.arena_id, 'Tjeneste')} fortsetter "
                       f"{fmt(p.start_date)}–{fmt(p.end_date)}")
        for p in self.removed:
            out.append(f"{arena_names.get(p.arena_id, 'Tjeneste')} "
                       f"{fmt(p.start_date)}–{fmt(p.end_date)} fjernes")
        return out


def overlapping(placements, start: date, end: date) -> list[m.Placement]:
    return [p for p in placements if p.start_date and p.end_date
            and p.start_date <= end and p.end_date >= start]


def cut_around(placements, start: date, end: date, today: date) -> Room:
    """Cut the placements overlapping [start, end] around it. Refused (Norwegian reason)
    when the overlap has begun by `today`: service already served is not rewritten."""
    changed, added, removed = [], [], []
    for p in overlapping(placements, start, end):
        if max(p.start_date, start) <= today:
            raise ValidationError(
                "start_date", f"Tjenesteperioden {fmt(p.start_date)}–{fmt(p.end_date)} "
                f"overlapper posten fra {fmt(max(p.start_date, start))}, som ikke ligger frem "
                "i tid; tjeneste som er begynt, endres ikke automatisk (endre den under "
                "Leger › Tjeneste).")
        before, after = p.start_date < start, p.end_date > end
        if before:
            changed.append(replace(p, end_date=start - timedelta(days=1)))
        if after:
            tail = replace(p, start_date=end + timedelta(days=1))
            if before:  # running through the post: the part after is a new placement
                added.append(replace(tail, id=None))
            else:
                changed.append(tail)
        if not before and not after:
            removed.append(p)
    return Room(tuple(changed), tuple(added), tuple(removed))
