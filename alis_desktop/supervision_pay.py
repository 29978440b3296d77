"""Paying supervisors and reporting to the grant giver: preparation hours, the payment
statement for a period and the yearly grant summary. Pure domain code.

Preparation (plan rule, resources/supervision_rules.json): a supervisor is paid
`preparation_hours_per_month` (1.5 h) for each calendar month in which he or she held at least
one session with a doctor, at most `months_per_year` (10.5) months a calendar year per doctor,
i.e. 15.75 h. The months are taken in date order, so the 11th month of a year gives 0.75 h and
the 12th none; a statement for part of a year counts the months before it toward the cap, so
monthly statements add up to the yearly figure.

Amounts: hours x the municipality's supervision rate, preparation hours x its preparation
rate (Innstillinger). Planned sessions are never paid.

Grant "Nasjonal ALIS og veiledning": no grant for time before the ALIS agreement is signed,
so the summary splits hours into those on or after the agreement date (eligible) and those
before it; a month's preparation is eligible when one of the month's sessions is. The grant
basis is 57.75 h (42 h supervision + 15.75 h preparation) a year of service, pro rata over
the months of service in the year (supervision.service_months).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from alis_desktop import models as m
from alis_desktop.supervision import (
    SupervisionRules, held, load_rules, service_months, service_weights,
)

Key = tuple[int, int, int, int]  # doctor id, supervisor id, year, month


def preparation_by_month(sessions: list, rules: SupervisionRules | None = None
                         ) -> dict[Key, float]:
    """(doctor, supervisor, year, month) -> preparation hours, capped per calendar year."""
    rules = rules or load_rules()
    months = sorted({(s.doctor_id, s.supervisor_id, s.date.year, s.date.month)
                     for s in held(sessions)})
    used: dict[tuple[int, int, int], float] = defaultdict(float)
    out: dict[Key, float] = {}
    for key in months:
        pair_year = key[:3]
        hours = max(0.0, min(rules.preparation_hours_per_month,
                             rules.preparation_cap - used[pair_year]))
        used[pair_year] += hours
        out[key] = hours
    return out


@dataclass
class StatementLine:
    """One doctor's supervision by one supervisor in the period."""

    doctor_id: int
    doctor_name: str
    cost_code: str
    sessions: int = 0
    hours: float = 0.0
    months: int = 0
    preparation: float = 0.0

    @property
    def total_hours(self) -> float:
        return self.hours + self.preparation


@dataclass
class SupervisorStatement:
    supervisor: m.Supervisor
    lines: list[StatementLine] = field(default_factory=list)
    sessions: list = field(default_factory=list)  # the paid sessions, by date
    supervision_rate: float = 0.0
    preparation_rate: float = 0.0

    @property
    def session_count(self) -> int:
        return sum(line.sessions for line in self.lines)

    @property
    def hours(self) -> float:
        return sum(line.hours for line in self.lines)

    @property
    def preparation(self) -> float:
        return sum(line.preparation for line in self.lines)

    @property
    def total_hours(self) -> float:
        return self.hours + self.preparation

    @property
    def supervision_amount(self) -> float:
        return self.hours * self.supervision_rate

    @property
    def preparation_amount(self) -> float:
        return self.preparation * self.preparation_rate

    @property
    def amount(self) -> float:
        return self.supervision_amount + self.preparation_amount


@dataclass
class Statement:
    start: date
    end: date
    municipality: m.Municipality
    supervisors: list[SupervisorStatement] = field(default_factory=list)

    def total(self, attr: str) -> float:
        return sum(getattr(s, attr) for s in self.supervisors)


def build_statement(sessions: list, doctors: list, supervisors: list,
                    municipality: m.Municipality, start: date, end: date,
                    supervisor_id: int | None = None,
                    rules: SupervisionRules | None = None) -> Statement:
    """The payment statement for [start, end], per supervisor (or the one asked for).

    `sessions` should hold at least the year's sessions before `start`, for the cap."""
    rules = rules or load_rules()
    done = held(sessions)
    prep = preparation_by_month([s for s in done if s.date.year >= start.year
                                 and s.date <= end], rules)
    doctor_by_id = {d.id: d for d in doctors}
    statement = Statement(start, end, municipality)
    in_period = sorted((s for s in done if start <= s.date <= end),
                       key=lambda s: (s.date, s.doctor_id, s.id or 0))
    for sup in sorted(supervisors, key=lambda s: s.name):
        if supervisor_id is not None and sup.id != supervisor_id:
            continue
        mine = [s for s in in_period if s.supervisor_id == sup.id]
        if not mine and supervisor_id is None:
            continue
        lines: dict[int, StatementLine] = {}
        months: dict[int, set] = defaultdict(set)
        for s in mine:
            doctor = doctor_by_id.get(s.doctor_id)
            line = lines.setdefault(s.doctor_id, StatementLine(
                s.doctor_id, doctor.name if doctor else f"#{s.doctor_id}",
                doctor.cost_code if doctor else ""))
            line.sessions += 1
            line.hours += s.hours
            months[s.doctor_id].add((s.date.year, s.date.month))
        for doctor_id, line in lines.items():
            line.months = len(months[doctor_id])
            line.preparation = sum(prep.get((doctor_id, sup.id, y, mo), 0.0)
                                   for y, mo in months[doctor_id])
        statement.supervisors.append(SupervisorStatement(
            sup, sorted(lines.values(), key=lambda x: x.doctor_name), mine,
            municipality.supervision_rate, municipality.preparation_rate))
    return statement


# --- the yearly grant summary -------------------------------------------------------------

@dataclass
class GrantLine:
    """One doctor's year for the grant report."""

    doctor: m.Doctor
    supervisors: list[str]
    service_months: float
    eligible_months: float
    hours: float
    preparation: float
    eligible_hours: float
    eligible_preparation: float
    supervision_rate: float
    preparation_rate: float
    basis_hours: float  # 57.75 h a year pro rata over the eligible months of service

    @property
    def agreement_in_place(self) -> bool:
        return self.doctor.alis_agreement_date is not None

    @property
    def eligible_amount(self) -> float:
        return (self.eligible_hours * self.supervision_rate
                + self.eligible_preparation * self.preparation_rate)

    @property
    def amount(self) -> float:
        return self.hours * self.supervision_rate + self.preparation * self.preparation_rate


@dataclass
class GrantSummary:
    year: int
    until: date
    municipality: m.Municipality
    lines: list[GrantLine] = field(default_factory=list)
    supervisors: list[SupervisorStatement] = field(default_factory=list)

    def total(self, attr: str) -> float:
        return sum(getattr(line, attr) for line in self.lines)

    @property
    def doctors_with_agreement(self) -> int:
        return sum(1 for line in self.lines if line.agreement_in_place)

    @property
    def supervisor_count(self) -> int:
        return sum(1 for s in self.supervisors if s.session_count)


def grant_summary(year: int, as_of: date, doctors: list, placements: list, leaves: list,
                  sessions: list, supervisors: list, municipality: m.Municipality,
                  rules: SupervisionRules | None = None) -> GrantSummary:
    """Per doctor: agreement, months of service, supervision and preparation hours and the
    amounts in calendar `year` up to as_of (the whole year when it is over)."""
    rules = rules or load_rules()
    first, last = date(year, 1, 1), min(date(year, 12, 31), as_of)
    done = [s for s in held(sessions, last) if s.date.year == year]
    prep = preparation_by_month(done, rules)
    sup_names = {s.id: s.name for s in supervisors}
    by_doctor: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for kind, items in (("placements", placements), ("leaves", leaves), ("sessions", done)):
        for item in items:
            by_doctor[item.doctor_id][kind].append(item)
    summary = GrantSummary(year, last, municipality)
    for doctor in sorted(doctors, key=lambda d: d.name):
        mine = by_doctor[doctor.id]
        weights = service_weights(doctor, mine["placements"], mine["leaves"], last, rules)
        months = service_months(weights, first, last)
        if months <= 0 and not mine["sessions"]:
            continue
        agreed = doctor.alis_agreement_date
        eligible_from = max(first, agreed) if agreed else None
        eligible_months = service_months(weights, eligible_from, last) if eligible_from else 0.0
        ok = [s for s in mine["sessions"] if agreed is not None and s.date >= agreed]
        ok_months = {(s.supervisor_id, s.date.year, s.date.month) for s in ok}
        summary.lines.append(GrantLine(
            doctor=doctor,
            supervisors=sorted({sup_names.get(s.supervisor_id, "") for s in mine["sessions"]}),
            service_months=months, eligible_months=eligible_months,
            hours=sum(s.hours for s in mine["sessions"]),
            preparation=sum(h for k, h in prep.items() if k[0] == doctor.id),
            eligible_hours=sum(s.hours for s in ok),
            eligible_preparation=sum(h for k, h in prep.items()
                                     if k[0] == doctor.id and k[1:] in ok_months),
            supervision_rate=municipality.supervision_rate,
            preparation_rate=municipality.preparation_rate,
            basis_hours=rules.grant_basis_per_year * eligible_months / 12))
    summary.supervisors = build_statement(done, doctors, supervisors, municipality, first,
                                          last, rules=rules).supervisors
    return summary
