"""Counting service time by Spesialistforskriften § 31.

- Service is counted in calendar months: a whole month is 1, a part month counts its days
  divided by the days of that month, dates are inclusive, 12 months are a year.
- Each month is weighted by the position % / 100 (part time lengthens the training).
- Absence for courses and other training-related absence, and statutory or agreed holiday,
  count as service (the kinds are listed in resources/rules.json, rule ``absence``).
- Other absence (sickness, parental leave, unpaid leave ...) is deducted only for the part
  that exceeds 10 % of the time in training. The time in training is the position-weighted
  service from the start of training to the evaluation date (the gross service below).
- A leave's deductible amount is its days weighted by the leave % *and* by the position % of
  the placement it falls in: a 50 % sick leave from a 60 % position removes 30 % of a month
  per month, never more than the placement would have counted.
- The excess over the allowance is taken from the placements where the absence happened, in
  proportion to each placement's share of the deductible absence (the allowance is shared
  out in the same proportion). Categories, the 50 % rule and institution blocks are then
  read off the per-placement figures by the rules engine (alis_desktop.requirements).

Plan caps (general practice at most 54 months and so on) are not applied here; they belong
to the rules engine. Everything here is pure and per-month (no loop over days).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta

from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.vocab import PlacementStatus, ServiceCategory

EPS = 1e-9
CATEGORIES: tuple[str, ...] = tuple(c.value for c in ServiceCategory)
_ONE_DAY = timedelta(days=1)


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _dim(year: int, month: int) -> int:
    """Days in the month (a table look-up: this is the innermost call of the engine)."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month]


def months_served(start: date, end: date, pct: float = 100.0) -> float:
    """Counted months from `start` to `end` (both inclusive) at `pct` % position.

    A whole calendar month counts 1, a part month its days / the days of that month.
    O(1): the first and last part months plus the whole months between."""
    if end < start:
        return 0.0
    if start.year == end.year and start.month == end.month:
        months = (end.day - start.day + 1) / _dim(start.year, start.month)
    else:
        first = (_dim(start.year, start.month) - start.day + 1) / _dim(start.year, start.month)
        last = end.day / _dim(end.year, end.month)
        whole = (end.year * 12 + end.month) - (start.year * 12 + start.month) - 1
        months = first + whole + last
    return months * pct / 100.0


def date_reaching(start: date, months: float, pct: float = 100.0) -> date:
    """The first date on which service from `start` at `pct` % reaches `months` counted months.

    The inverse of months_served, handy for planning a placement of a given length:
    date_reaching(d, 6) is the last day of a 6-month full-time placement starting on d."""
    if pct <= 0:
        raise ValueError("pct must be positive")
    need = months * 100.0 / pct  # calendar months needed
    if need <= EPS:
        return start
    acc = 0.0
    first = start
    while True:
        dim = _dim(first.year, first.month)
        span = (dim - first.day + 1) / dim
        if acc + span >= need - EPS:
            days = max(1, math.ceil((need - acc) * dim - 1e-6))
            return first + timedelta(days=days - 1)
        acc += span
        first = date(first.year, first.month, dim) + _ONE_DAY


# --------------------------------------------------------------------------- counting


@dataclass(frozen=True)
class PlacementCount:
    """One placement's share of the count at an evaluation date."""

    placement: object
    gross: float       # months served, weighted by position %
    absence: float     # deductible absence months inside it (weighted by leave % x position %)
    deducted: float    # the part of `absence` actually deducted (beyond the allowance)

    @property
    def net(self) -> float:
        return self.gross - self.deducted


@dataclass(frozen=True)
class ServiceCount:
    """Service counted by § 31 at one date, before the plan caps."""

    as_of: date
    training: float        # gross position-weighted months (the "time in training")
    absence: float         # deductible absence months
    allowance: float       # the 10 % of `training` that is not deducted
    deducted: float        # max(0, absence - allowance)
    placements: tuple[PlacementCount, ...]

    @property
    def net(self) -> float:
        return self.training - self.deducted

    def by_category(self) -> dict[str, float]:
        out = dict.fromkeys(CATEGORIES, 0.0)
        for pc in self.placements:
            cat = getattr(pc.placement, "category", "")
            out[cat] = out.get(cat, 0.0) + pc.net
        return out


class Counter:
    """Prepared placements and leaves, evaluated cheaply at many dates.

    `placements` are counted whatever their status (filter before); `leaves` of the
    counting kinds are ignored, the others are split onto the placements they overlap."""

    __slots__ = ("placements", "_units", "_segs", "_allowance")

    # _units and _segs carry, last, their whole count (months_served to their end): a
    # date after the end reads it instead of counting again (the projection probes a
    # handful of dates per doctor).

    def __init__(self, placements, leaves, *, allowance: float, counting_kinds) -> None:
        self.placements = [p for p in placements
                           if p.start_date and p.end_date and p.end_date >= p.start_date]
        self._units = [(p.start_date, p.end_date, float(p.position_pct or 0),
                        months_served(p.start_date, p.end_date, float(p.position_pct or 0)))
                       for p in self.placements]
        self._allowance = allowance
        per_placement: list[list] = [[] for _ in self._units]
        for lv in leaves:
            if lv.kind in counting_kinds or not lv.start_date or not lv.end_date:
                continue
            lpct = float(lv.pct or 0)
            for i, (ps, pe, _, _) in enumerate(self._units):
                s, e = max(ps, lv.start_date), min(pe, lv.end_date)
                if s <= e:
                    per_placement[i].append((s, e, lpct))
        segs = []
        for i, found in enumerate(per_placement):
            ppct = self._units[i][2]
            for s, e, lpct in (_flatten(found) if len(found) > 1 else found):
                wpct = lpct * ppct / 100.0
                segs.append((i, s, e, wpct, months_served(s, e, wpct)))
        self._segs = segs

    def arrays(self, d: date):
        """(gross, absence, net) per placement and (training, absence, allowance, deducted)
        up to and including `d`: the fast form used by the rules engine."""
        gross = [whole if e < d else (months_served(s, d, pct) if s <= d else 0.0)
                 for s, e, pct, whole in self._units]
        if not self._segs:
            training = sum(gross)
            return gross, [0.0] * len(gross), gross, (
                training, 0.0, self._allowance * training, 0.0)
        absence = [0.0] * len(gross)
        for i, s, e, wpct, whole in self._segs:
            if e < d:
                absence[i] += whole
            elif s <= d:
                absence[i] += months_served(s, d, wpct)
        for i, g in enumerate(gross):  # overlapping leaves cannot remove more than was served
            if absence[i] > g:
                absence[i] = g
        training = sum(gross)
        total_absence = sum(absence)
        allowance = self._allowance * training
        if total_absence > allowance + EPS:
            factor = (total_absence - allowance) / total_absence
            deducted = total_absence - allowance
            net = [g - a * factor for g, a in zip(gross, absence)]
        else:
            factor = deducted = 0.0
            net = gross
        return gross, absence, net, (training, total_absence, allowance, deducted)

    def at(self, d: date) -> ServiceCount:
        """The count of service up to and including `d`."""
        gross, absence, net, (training, total_absence, allowance, deducted) = self.arrays(d)
        counts = tuple(PlacementCount(p, g, a, g - n)
                       for p, g, a, n in zip(self.placements, gross, absence, net))
        return ServiceCount(d, training, total_absence, allowance, deducted, counts)


def _flatten(segments):
    """Overlapping leave segments as disjoint ones, the leave % summed and capped at 100
    (one cannot be absent more than the whole position on a day)."""
    events: dict[date, float] = {}
    for s, e, pct in segments:
        events[s] = events.get(s, 0.0) + pct
        events[e + _ONE_DAY] = events.get(e + _ONE_DAY, 0.0) - pct
    out = []
    level = 0.0
    days = sorted(events)
    for k, day in enumerate(days[:-1]):
        level += events[day]
        if level > EPS:
            out.append((day, days[k + 1] - _ONE_DAY, min(100.0, level)))
    return out


def _rules_or_default(rules):
    if rules is None:
        from alis_desktop.requirements import load_rules  # late: requirements imports us
        rules = load_rules()
    return rules


def service_count(placements, leaves, as_of: date, rules=None, *,
                  include_planned: bool = False) -> ServiceCount:
    """§ 31 count of the agreed placements (and pencilled-in ones if asked) up to `as_of`.

    An agreed placement counts day by day as it is served: one that ends after `as_of`
    counts up to `as_of`; nobody has to mark it finished first."""
    rules = _rules_or_default(rules)
    chosen = [p for p in placements
              if include_planned or p.status == PlacementStatus.COMPLETED.value]
    counter = Counter(chosen, leaves, allowance=rules.absence_allowance,
                      counting_kinds=rules.counting_leave_kinds)
    return counter.at(as_of)


def counted_service(placements, leaves, as_of: date, rules=None, *,
                    include_planned: bool = False) -> dict[str, float]:
    """Months counted by § 31 per service category (all four keys), before plan caps.

    Only agreed placements count unless `include_planned`; an agreed placement that ends
    after `as_of` counts up to `as_of`."""
    return service_count(placements, leaves, as_of, rules,
                         include_planned=include_planned).by_category()


def awaiting_confirmation(placements, as_of: date) -> list:
    """Pencilled-in placements that have started by `as_of`, oldest first.

    They do not count (only an agreed period is served), so the leader is asked to confirm
    each as agreed, or to change it. Every past "Planlagt" row of a file written before the
    statuses meant agreed / pencilled in shows up here rather than being counted silently."""
    return sorted((p for p in placements
                   if p.status == PlacementStatus.PENCILLED.value and p.start_date
                   and p.start_date <= as_of),
                  key=lambda p: (p.start_date, getattr(p, "id", None) or 0))


def period_text(placements) -> str:
    """'01.09.2025–31.08.2026, 01.09.2026–' for messages naming periods."""
    return ", ".join(f"{fmt(p.start_date)}–{fmt(p.end_date)}" for p in placements)


# --------------------------------------------------------------------------- validation


def overloaded_periods(placements) -> list[tuple[date, date, float]]:
    """Periods (first, last, total %) where overlapping placements sum to more than 100 %."""
    events: dict[date, float] = {}
    for p in placements:
        if not (p.start_date and p.end_date) or p.end_date < p.start_date:
            continue
        pct = float(p.position_pct or 0)
        events[p.start_date] = events.get(p.start_date, 0.0) + pct
        after = p.end_date + _ONE_DAY
        events[after] = events.get(after, 0.0) - pct
    out: list[tuple[date, date, float]] = []
    level = 0.0
    days = sorted(events)
    for k, day in enumerate(days):
        level += events[day]
        if level > 100.0 + EPS and k + 1 < len(days):
            last = days[k + 1] - _ONE_DAY
            if out and out[-1][1] + _ONE_DAY == day and abs(out[-1][2] - level) < EPS:
                out[-1] = (out[-1][0], last, level)
            else:
                out.append((day, last, level))
    return out


def _pct_text(pct: float) -> str:
    return f"{pct:.0f}" if abs(pct - round(pct)) < EPS else f"{pct:.1f}".replace(".", ",")


def check_placements(placements, new=None) -> None:
    """Refuse overlapping placements whose position % sum to more than 100 on any day.

    `placements` are one doctor's placements (all statuses); `new` is a placement being
    added or edited (an existing one with the same id is replaced). With `new`, only
    overloads touching its dates are reported, so older data does not block an edit."""
    items = list(placements)
    if new is not None:
        if getattr(new, "id", None) is not None:
            items = [p for p in items if p.id != new.id]
        items.append(new)
    for first, last, level in overloaded_periods(items):
        if new is not None and (last < new.start_date or first > new.end_date):
            continue
        raise ValidationError(
            "position_pct",
            f"Tjenesteperiodene overlapper med til sammen {_pct_text(level)} % stilling fra "
            f"{fmt(first)} til {fmt(last)}. Samlet stillingsprosent kan ikke være over 100 %.")


def _inside_training(doctor, start: date | None, end: date | None, what: str) -> None:
    """`what` ("Tjenesteperioden", "Fraværet") must lie inside the doctor's training
    (start date .. end date if any)."""
    if doctor.start_date and start and start < doctor.start_date:
        raise ValidationError("start_date", f"{what} starter {fmt(start)}, før utdanningens "
                                            f"startdato {fmt(doctor.start_date)}.")
    if doctor.end_date and end and end > doctor.end_date:
        raise ValidationError("end_date", f"{what} slutter {fmt(end)}, etter at utdanningen "
                                          f"ble avsluttet {fmt(doctor.end_date)}.")


def check_placement_dates(doctor, placement) -> None:
    """A placement must lie inside the doctor's training (start date .. end date if any)."""
    _inside_training(doctor, placement.start_date, placement.end_date, "Tjenesteperioden")


def _uncovered(start: date, end: date, placements) -> tuple[date, date] | None:
    """The first stretch of [start, end] not covered by any placement, or None."""
    spans = sorted((p.start_date, p.end_date) for p in placements
                   if p.start_date and p.end_date and p.end_date >= start
                   and p.start_date <= end)
    cursor = start
    for s, e in spans:
        if s > cursor:
            return cursor, min(end, s - _ONE_DAY)
        if e >= cursor:
            cursor = e + _ONE_DAY
        if cursor > end:
            return None
    return (cursor, end) if cursor <= end else None


def check_leave(doctor, placements, leave, *, leaves=()) -> None:
    """A leave must lie inside the training and inside the doctor's placements.

    With `leaves` (the doctor's other leaves), overlapping leaves may not sum over 100 %."""
    _inside_training(doctor, leave.start_date, leave.end_date, "Fraværet")
    if leave.start_date and leave.end_date:
        gap = _uncovered(leave.start_date, leave.end_date, placements)
        if gap:
            raise ValidationError(
                "start_date",
                f"Fraværet {fmt(leave.start_date)}–{fmt(leave.end_date)} ligger utenfor "
                f"tjenesteperiodene: ingen tjeneste er registrert {fmt(gap[0])}–{fmt(gap[1])}.")
    if leaves:
        others = [lv for lv in leaves
                  if getattr(leave, "id", None) is None or lv.id != leave.id]
        as_periods = [_LeaveAsPeriod(lv) for lv in others + [leave]]
        for first, last, level in overloaded_periods(as_periods):
            if last < leave.start_date or first > leave.end_date:
                continue
            raise ValidationError(
                "pct",
                f"Fraværene overlapper med til sammen {_pct_text(level)} % fra {fmt(first)} "
                f"til {fmt(last)}. Samlet fravær kan ikke være over 100 %.")


class _LeaveAsPeriod:
    __slots__ = ("start_date", "end_date", "position_pct")

    def __init__(self, leave) -> None:
        self.start_date, self.end_date, self.position_pct = (
            leave.start_date, leave.end_date, leave.pct)
