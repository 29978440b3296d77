"""Individual supervision (veiledning): the target, the flags, the checks on a logged session
and the rule for changing supervisor. Pure domain code: no Qt, SQL or PDF imports.

The rule parameters live in resources/supervision_rules.json (SupervisionRules below).
With the defaults the formulas are:

- Monthly target T = hours_per_month x months_per_year / 12 = 4 x 10.5 / 12 = 3.5 h, so a
  year of full service gives 42 h (the § 2 comment: "4 h a month in 10.5 of the year's
  months"). The 1.5 months without supervision are spread over the year, not tied to July.
- Service days. A day is in service when it lies in a placement with status completed
  (clipped to the doctor's end date). A doctor with no placements at all is in service from
  the start date to the end date (so a newly registered doctor still gets a target). Its
  weight w(d) is 1, or, when `scale_with_position` is true, the position % / 100 (overlapping
  placements add up, capped at 1).
- Leave. Days on leave of a non-counting kind (sickness, parental, unpaid, other; § 31)
  drop out: unscaled, a day counts 0 when the leave covers 100 % of the position (partial
  leave leaves the day whole, as a part-time position does); scaled, w(d) is multiplied by
  (1 - leave % / 100). Holiday, courses and other training-related absence count as service.
  So a month fully on leave adds nothing to the target, a month half on leave half a month.
- Target for a period = T x the sum over its days of w(d) / days in d's month; a whole month
  of service adds T, a part month its share of days.
- Figures per doctor on a date `as_of`: the month's hours against the target of the whole
  month (its service days, including those after as_of); the training year (the 12 months
  from the anniversary of the start date that contains as_of) and the total since start,
  each against the target up to and including as_of. Held hours are sessions not marked
  planned, dated on or before as_of.
- Flags (for a doctor in training on as_of): "behind" when the total target minus the hours
  held exceeds `tolerance_months` x T (3.5 h); "gap" when none of the last `gap_weeks` x 7
  days of service (counted backwards from as_of, skipping days not in service) has a
  session, once the doctor has that many service days; "no supervisor" when no assignment
  covers as_of.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from alis_desktop import models as m
from alis_desktop.dates import add_months, days_in_month, fmt
from alis_desktop.errors import ValidationError
from alis_desktop.resources import resource_path
from alis_desktop.vocab import COUNTING_LEAVE, PlacementStatus
from alis_desktop.service_time import months_served

ONE_DAY = timedelta(days=1)
EPS = 1e-9


@dataclass(frozen=True)
class SupervisionRules:
    """The parameters of resources/supervision_rules.json (plan rules, not regulation)."""

    hours_per_month: float = 4.0
    months_per_year: float = 10.5
    preparation_hours_per_month: float = 1.5
    scale_with_position: bool = False
    gap_weeks: int = 6
    tolerance_months: float = 1.0
    max_session_hours: float = 8.0
    hours_step: float = 0.25
    exemption_warning_days: int = 60
    grant_years: int = 5

    @property
    def monthly_target(self) -> float:
        return self.hours_per_month * self.months_per_year / 12

    @property
    def yearly_target(self) -> float:
        return self.hours_per_month * self.months_per_year

    @property
    def preparation_cap(self) -> float:
        """Preparation hours a year at most, per doctor and supervisor (15.75 h)."""
        return self.preparation_hours_per_month * self.months_per_year

    @property
    def grant_basis_per_year(self) -> float:
        """Supervision plus preparation hours a year of full service (57.75 h)."""
        return self.yearly_target + self.preparation_cap

    @property
    def tolerance_hours(self) -> float:
        return self.tolerance_months * self.monthly_target


def load_rules(path: Path | None = None) -> SupervisionRules:
    """The rules from a JSON file (default: resources/supervision_rules.json)."""
    if path is None:
        return _default_rules()
    return _rules_from(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _default_rules() -> SupervisionRules:
    text = resource_path("supervision_rules.json").read_text(encoding="utf-8")
    return _rules_from(json.loads(text))


def _rules_from(data: dict) -> SupervisionRules:
    names = {f.name for f in dataclasses.fields(SupervisionRules)}
    return SupervisionRules(**{k: v for k, v in data.items() if k in names})


# --- service days -----------------------------------------------------------------------------

def service_weights(doctor: m.Doctor, placements: list, leaves: list, until: date,
                    rules: SupervisionRules) -> dict[date, float]:
    """Day -> weight in (0, 1] for every day of service up to `until` (module docstring)."""
    end = min(until, doctor.end_date) if doctor.end_date else until
    weights: dict[date, float] = {}
    spans = [(p.start_date, p.end_date, p.position_pct) for p in placements
             if p.status == PlacementStatus.COMPLETED]
    if not placements and doctor.start_date:
        spans = [(doctor.start_date, end, 100.0)]
    for start, stop, pct in spans:
        share = pct / 100 if rules.scale_with_position else 1.0
        d, last = start, min(stop, end)
        while d <= last:
            weights[d] = min(1.0, weights.get(d, 0.0) + share)
            d += ONE_DAY
    absence: dict[date, float] = defaultdict(float)
    for leave in leaves:
        if leave.kind in COUNTING_LEAVE:
            continue
        d, last = leave.start_date, min(leave.end_date, end)
        while d <= last:
            if d in weights:
                absence[d] = min(1.0, absence[d] + leave.pct / 100)
            d += ONE_DAY
    for d, share in absence.items():
        if rules.scale_with_position:
            weights[d] *= 1 - share
        elif share >= 1 - EPS:
            weights[d] = 0.0
    return {d: w for d, w in weights.items() if w > EPS}


def service_months(weights: dict[date, float], start: date, end: date) -> float:
    """Months of service in [start, end]: each day adds its weight / days in its month."""
    return sum(w / days_in_month(d.year, d.month) for d, w in weights.items() if start <= d <= end)


def target_hours(weights: dict[date, float], start: date, end: date,
                 rules: SupervisionRules) -> float:
    return rules.monthly_target * service_months(weights, start, end)


def total_target(doctor: m.Doctor, weights: dict[date, float], as_of: date,
                 rules: SupervisionRules) -> float:
    """The target from the first day of service (or the start date) up to as_of: what
    the Veiledning view, the flags and the rules engine's pace all measure against."""
    if doctor.start_date is None or doctor.start_date > as_of:
        return 0.0
    first = min([doctor.start_date, *weights]) if weights else doctor.start_date
    return target_hours(weights, first, as_of, rules)


def service_runs(doctor: m.Doctor, placements: list, leaves: list, until: date,
                 rules: SupervisionRules) -> list[tuple[date, date, float]]:
    """The weights of service_weights as runs (first day, last day, weight) of equal weight
    within one month: a few dozen runs instead of a day each, for the rules engine, which
    needs only the total (tests check the two agree)."""
    runs = []
    for a, last, weight in _stretches(doctor, placements, leaves, until, rules):
        while True:  # one run per month
            y, mo = a.year, a.month
            month_end = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
            if month_end > last:
                runs.append((a, last, weight))
                break
            runs.append((a, month_end - ONE_DAY, weight))
            a = month_end
    return runs


def _stretches(doctor: m.Doctor, placements: list, leaves: list, until: date,
               rules: SupervisionRules) -> list[tuple[date, date, float]]:
    """Service as stretches (first day, last day, weight) of equal weight, between the
    days a placement or a leave starts or ends."""
    end = min(until, doctor.end_date) if doctor.end_date else until
    spans = [(p.start_date, min(p.end_date, end), p.position_pct / 100
              if rules.scale_with_position else 1.0)
             for p in placements if p.status == PlacementStatus.COMPLETED]
    if not placements and doctor.start_date:
        spans = [(doctor.start_date, end, 1.0)]
    spans = [s for s in spans if s[0] <= s[1]]
    if not spans:
        return []
    absences = [(lv.start_date, min(lv.end_date, end), lv.pct / 100) for lv in leaves
                if lv.kind not in COUNTING_LEAVE and lv.start_date <= min(lv.end_date, end)]
    first, last = min(s[0] for s in spans), max(s[1] for s in spans)
    cuts = {first, last + ONE_DAY}
    for a, b, _ in spans + absences:
        cuts.update((a, b + ONE_DAY))
    cuts = sorted(c for c in cuts if first <= c <= last + ONE_DAY)
    # Which spans and absences cover each cut, kept up to date from their first and last
    # days as the cuts go by (every start and day after an end is a cut, or before the
    # first); summed in list order, as a sum over the covering ones in turn would be.
    events = sorted([(s, 0, i) for i, (s, _, _) in enumerate(spans)]
                    + [(e + ONE_DAY, 1, i) for i, (_, e, _) in enumerate(spans)]
                    + [(s, 2, i) for i, (s, _, _) in enumerate(absences)]
                    + [(e + ONE_DAY, 3, i) for i, (_, e, _) in enumerate(absences)])
    covering: tuple[set, set] = (set(), set())
    k = 0
    runs = []
    worked = away_total = 0.0
    for a, after in zip(cuts, cuts[1:]):
        if k < len(events) and events[k][0] <= a:
            while k < len(events) and events[k][0] <= a:
                _, what, i = events[k]
                (covering[what // 2].discard if what % 2 else covering[what // 2].add)(i)
                k += 1
            worked = sum(spans[i][2] for i in sorted(covering[0]))
            away_total = sum(absences[i][2] for i in sorted(covering[1]))
        weight = min(1.0, worked)
        if weight <= EPS:
            continue
        away = min(1.0, away_total)
        if rules.scale_with_position:
            weight *= 1 - away
        elif away >= 1 - EPS:
            weight = 0.0
        if weight > EPS:
            runs.append((a, after - ONE_DAY, weight))
    return runs


def behind(doctor: m.Doctor, placements: list, leaves: list, held_hours: float,
           as_of: date, rules: SupervisionRules) -> float | None:
    """The target up to as_of (as total_target) when the hours held fall more than
    `tolerance_months` of target short of it (the "behind" flag), else None."""
    if doctor.start_date is None or doctor.start_date > as_of:
        return None
    # Whole stretches of equal weight (months_served spans the months): the same sum as
    # over the month by month runs, to rounding.
    months = sum(w * months_served(first, last)
                 for first, last, w in _stretches(doctor, placements, leaves, as_of, rules))
    target = rules.monthly_target * months
    return target if target - held_hours > rules.tolerance_hours + EPS else None


def month_bounds(d: date) -> tuple[date, date]:
    return d.replace(day=1), d.replace(day=days_in_month(d.year, d.month))


def training_year(start: date, as_of: date) -> tuple[int, date, date]:
    """(number from 1, first day, last day) of the training year that contains as_of."""
    k = max(0, (as_of.year - start.year) * 12 + as_of.month - start.month) // 12
    while k > 0 and add_months(start, 12 * k) > as_of:
        k -= 1
    while add_months(start, 12 * (k + 1)) <= as_of:
        k += 1
    return k + 1, add_months(start, 12 * k), add_months(start, 12 * (k + 1)) - ONE_DAY


# --- figures and flags per doctor -------------------------------------------------------------

@dataclass
class Flag:
    code: str      # "behind", "gap", "no_supervisor"
    message: str   # Norwegian, shown as it stands


@dataclass
class MonthPoint:
    year: int
    month: int
    held: float
    target: float
    cum_held: float
    cum_target: float


@dataclass
class DoctorSupervision:
    """One doctor's supervision against the target on `as_of`."""

    doctor: m.Doctor
    as_of: date
    month_held: float = 0.0
    month_target: float = 0.0
    year_number: int = 0
    year_start: date | None = None
    year_end: date | None = None
    year_held: float = 0.0
    year_target: float = 0.0
    total_held: float = 0.0
    total_target: float = 0.0
    last_session: date | None = None
    next_planned: date | None = None
    supervisor_id: int | None = None
    flags: list[Flag] = field(default_factory=list)
    months: list[MonthPoint] = field(default_factory=list)

    @property
    def behind_hours(self) -> float:
        """Target minus hours held so far (negative when ahead)."""
        return self.total_target - self.total_held

    def flag_text(self) -> str:
        return "; ".join(f.message for f in self.flags)


def in_training(doctor: m.Doctor, on: date) -> bool:
    return (not doctor.archived and doctor.start_date is not None and doctor.start_date <= on
            and (doctor.end_date is None or doctor.end_date >= on))


def held(sessions: list, until: date | None = None) -> list:
    """Sessions that took place (not planned), on or before `until` when given."""
    return [s for s in sessions if not s.planned and (until is None or s.date <= until)]


def doctor_supervision(doctor: m.Doctor, placements: list, leaves: list, sessions: list,
                       assignments: list, as_of: date,
                       rules: SupervisionRules | None = None) -> DoctorSupervision:
    """Hours against target this month, this training year and in total, with the flags."""
    rules = rules or load_rules()
    out = DoctorSupervision(doctor=doctor, as_of=as_of)
    month_first, month_last = month_bounds(as_of)
    weights = service_weights(doctor, placements, leaves, month_last, rules)
    done = held(sessions, as_of)
    out.total_held = sum(s.hours for s in done)
    out.month_held = sum(s.hours for s in done if s.date >= month_first)
    out.month_target = target_hours(weights, month_first, month_last, rules)
    out.last_session = max((s.date for s in done), default=None)
    out.next_planned = min((s.date for s in sessions if s.planned and s.date >= as_of),
                           default=None)
    out.supervisor_id = supervisor_on(assignments, doctor.id, as_of)
    if doctor.start_date is None or doctor.start_date > as_of:
        return out
    first = min([doctor.start_date, *weights]) if weights else doctor.start_date
    out.total_target = total_target(doctor, weights, as_of, rules)
    out.year_number, out.year_start, out.year_end = training_year(doctor.start_date, as_of)
    out.year_held = sum(s.hours for s in done if s.date >= out.year_start)
    out.year_target = target_hours(weights, out.year_start, as_of, rules)
    out.months = monthly_series(weights, done, first, as_of, rules)
    if in_training(doctor, as_of):
        out.flags = flags(out, weights, done, rules)
    return out


def flags(status: DoctorSupervision, weights: dict[date, float], done: list,
          rules: SupervisionRules) -> list[Flag]:
    out = []
    if status.behind_hours > rules.tolerance_hours + EPS:
        out.append(Flag("behind", f"Ligger {_h(status.behind_hours)} etter målet "
                                  f"({_h(status.total_held)} av {_h(status.total_target)})"))
    gap_start = gap_window_start(weights, status.as_of, rules)
    if gap_start is not None and not any(gap_start <= s.date <= status.as_of for s in done):
        since = f"siste {fmt(status.last_session)}" if status.last_session else "ingen ennå"
        out.append(Flag("gap", f"Ingen veiledning de siste {rules.gap_weeks} ukene i tjeneste "
                               f"({since})"))
    if status.supervisor_id is None:
        out.append(Flag("no_supervisor", "Ingen veileder tildelt"))
    return out


def gap_window_start(weights: dict[date, float], as_of: date,
                     rules: SupervisionRules) -> date | None:
    """First day of the last gap_weeks x 7 days of service up to as_of; None when the doctor
    has had fewer service days than that."""
    need = rules.gap_weeks * 7
    days = sorted(d for d in weights if d <= as_of)
    return days[-need] if len(days) >= need else None


def monthly_series(weights: dict[date, float], done: list, first: date, as_of: date,
                   rules: SupervisionRules) -> list[MonthPoint]:
    """Per calendar month from `first` to as_of: hours held, the whole month's target and
    both running totals (for the bar chart with target line and cumulative curve)."""
    by_month: dict[tuple[int, int], float] = defaultdict(float)
    for s in done:
        by_month[(s.date.year, s.date.month)] += s.hours
    target_by_month: dict[tuple[int, int], float] = defaultdict(float)
    for d, w in weights.items():
        target_by_month[(d.year, d.month)] += rules.monthly_target * w / days_in_month(d.year,
                                                                                        d.month)
    points, cum_h, cum_t = [], 0.0, 0.0
    cur = first.replace(day=1)
    while cur <= as_of:
        key = (cur.year, cur.month)
        cum_h += by_month.get(key, 0.0)
        cum_t += target_by_month.get(key, 0.0)
        points.append(MonthPoint(cur.year, cur.month, by_month.get(key, 0.0),
                                 target_by_month.get(key, 0.0), cum_h, cum_t))
        cur = add_months(cur, 1)
    return points


def calendar_year_figures(status_weights: dict[date, float], sessions: list, year: int,
                          as_of: date, rules: SupervisionRules) -> tuple[float, float]:
    """(hours held, target) in calendar `year` up to as_of, for the overview chart."""
    start, end = date(year, 1, 1), min(date(year, 12, 31), as_of)
    hours = sum(s.hours for s in held(sessions, end) if s.date >= start)
    return hours, target_hours(status_weights, start, end, rules)


def _h(hours: float) -> str:
    return f"{hours:.1f} t".replace(".", ",")


# --- supervisors --------------------------------------------------------------------------------

def competence(s: m.Supervisor, today: date,
               rules: SupervisionRules | None = None) -> tuple[str, str]:
    """(Norwegian label, level "ok" | "warn" | "bad") for the supervisor's qualification."""
    rules = rules or load_rules()
    if s.specialist:
        return "Spesialist i allmennmedisin", "ok"
    if s.exemption_until is None:
        return "Mangler spesialitet og dispensasjon", "bad"
    if s.exemption_until < today:
        return f"Dispensasjon utløpt {fmt(s.exemption_until)}", "bad"
    if (s.exemption_until - today).days <= rules.exemption_warning_days:
        return f"Dispensasjon utløper {fmt(s.exemption_until)}", "warn"
    return f"Dispensasjon til {fmt(s.exemption_until)}", "ok"


# --- assignments --------------------------------------------------------------------------------

def covers(a: m.SupervisorAssignment, on: date) -> bool:
    return a.start_date <= on and (a.end_date is None or a.end_date >= on)


def supervisor_on(assignments: list, doctor_id: int, on: date) -> int | None:
    """The supervisor assigned to the doctor on `on` (the latest start wins)."""
    found = [a for a in assignments if a.doctor_id == doctor_id and covers(a, on)]
    return max(found, key=lambda a: a.start_date).supervisor_id if found else None


def change_supervisor(assignments: list, doctor_id: int, supervisor_id: int, start: date
                      ) -> tuple[m.SupervisorAssignment | None, m.SupervisorAssignment]:
    """(the open assignment closed the day before `start` or None, the new assignment).

    Refused when the new period would overlap an earlier closed one, start on or before the
    open one's start, or repeat the current supervisor."""
    if start is None:
        raise ValidationError("start_date", "Fra-dato må fylles ut.")
    mine = sorted((a for a in assignments if a.doctor_id == doctor_id),
                  key=lambda a: a.start_date)
    current = next((a for a in reversed(mine) if a.end_date is None), None)
    for a in mine:
        if a is current:
            continue
        if a.end_date is not None and a.end_date >= start or a.start_date >= start:
            raise ValidationError(
                "start_date", f"Legen har en veilederperiode {fmt(a.start_date)}–"
                f"{fmt(a.end_date)}; ny veileder kan tidligst starte "
                f"{fmt(max(a.start_date, a.end_date or a.start_date) + ONE_DAY)}.")
    closed = None
    if current is not None:
        if current.supervisor_id == supervisor_id:
            raise ValidationError("supervisor_id", "Dette er allerede legens veileder.")
        if current.start_date >= start:
            raise ValidationError(
                "start_date", f"Nåværende veileder startet {fmt(current.start_date)}; ny "
                "veileder må starte etter det.")
        closed = dataclasses.replace(current, end_date=start - ONE_DAY)
    new = m.SupervisorAssignment(doctor_id=doctor_id, supervisor_id=supervisor_id,
                                 start_date=start)
    new.validate()
    return closed, new


def check_assignment_edit(assignments: list, edited: m.SupervisorAssignment) -> None:
    """An edited or added period must not overlap the doctor's other periods."""
    edited.validate()
    end = edited.end_date or date.max
    for a in assignments:
        if a.doctor_id != edited.doctor_id or (edited.id is not None and a.id == edited.id):
            continue
        other_end = a.end_date or date.max
        if a.start_date <= end and edited.start_date <= other_end:
            raise ValidationError(
                "start_date", f"Perioden overlapper en annen veilederperiode "
                f"({fmt(a.start_date)}–{fmt(a.end_date)}). En lege har én veileder om gangen.")


# --- checking a session before it is written ---------------------------------------------------

def check_session(session: m.SupervisionSession, *, today: date, assignments: list,
                  doctor: m.Doctor | None = None,
                  rules: SupervisionRules | None = None) -> list[str]:
    """Raise ValidationError for what may not be written; return the warnings (Norwegian)
    the user should see and confirm (supervisor not assigned that day, date outside the
    doctor's training)."""
    rules = rules or load_rules()
    session.validate()
    if session.hours > rules.max_session_hours + EPS:
        raise ValidationError("hours", f"Høyst {_h(rules.max_session_hours)} per veiledning.")
    steps = session.hours / rules.hours_step
    if abs(steps - round(steps)) > 1e-6:
        raise ValidationError("hours", "Timer føres i kvarter (0,25 – 0,5 – 0,75 ...).")
    if session.date > today and not session.planned:
        raise ValidationError("date", "Datoen er fram i tid. Kryss av for «Planlagt» for en "
                                      "avtalt veiledning som ikke er holdt ennå.")
    warnings = []
    assigned = supervisor_on(assignments, session.doctor_id, session.date)
    if assigned != session.supervisor_id:
        if assigned is None:
            warnings.append(f"Legen har ingen veileder tildelt {fmt(session.date)}.")
        else:
            warnings.append(f"Veilederen er ikke tildelt legen {fmt(session.date)}.")
    if doctor is not None:
        if doctor.start_date and session.date < doctor.start_date:
            warnings.append(f"Datoen er før legens startdato ({fmt(doctor.start_date)}).")
        if doctor.end_date and session.date > doctor.end_date:
            warnings.append(f"Datoen er etter at utdanningen ble avsluttet "
                            f"({fmt(doctor.end_date)}).")
    return warnings
