"""The attestation of completed practical service (spesialistforskriften § 25 e): what it
states, where the figures come from, and whether it is complete enough to print.

Helsedirektoratet lists what a service attestation must state (domain/requirements.md):
type of position, period and position %, absence beyond statutory holiday, who supervised
(name, specialist approval) and when, teaching, the on-call arrangement, the content of the
service, whether it was satisfactory, and signatures of the head of the service and the
medically responsible doctor. Empty fields delay specialist applications, so printing is
refused while any is empty (:func:`check_complete`).

Pure domain code: the caller hands in domain records; nothing here reads a file or draws.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError
from alis_desktop.goal_refs import format_goal_refs
from alis_desktop.requirements import counted_by_category
from alis_desktop.service_time import CATEGORIES, awaiting_confirmation, period_text
from alis_desktop.vocab import (
    COUNTING_LEAVE, ActivityKind, GoalState, LeaveKind, MeetingOutcome, PlacementStatus,
    ServiceCategory,
)

_ONE_DAY = timedelta(days=1)
TEACHING_KINDS = (ActivityKind.COURSE.value, ActivityKind.INTERNAL_TEACHING.value)
# Meeting outcomes read as "the service was satisfactory" (progress with agreed actions is
# still satisfactory progress); an insufficient outcome proposes "no". Leave proposes nothing.
_SATISFACTORY = {MeetingOutcome.SATISFACTORY.value: True,
                 MeetingOutcome.WITH_ACTIONS.value: True,
                 MeetingOutcome.INSUFFICIENT.value: False}


@dataclass(frozen=True)
class ServiceLine:
    """One placement as the attestation states it, clipped to the period."""

    placement_id: int | None
    arena: str
    category: str
    start: date
    end: date
    position_pct: float
    department: str = ""

    @property
    def category_label(self) -> str:
        return ServiceCategory.label_of(self.category)


@dataclass(frozen=True)
class AbsenceLine:
    """Absence beyond statutory holiday, clipped to the period."""

    kind: str
    start: date
    end: date
    pct: float

    @property
    def kind_label(self) -> str:
        return LeaveKind.label_of(self.kind)

    @property
    def counts_as_service(self) -> bool:
        return self.kind in COUNTING_LEAVE


@dataclass(frozen=True)
class SupervisorLine:
    """Who supervised and when; `qualification` states the specialist approval."""

    name: str
    qualification: str
    start: date
    end: date


@dataclass(frozen=True)
class AttestationInputs:
    """What the file does not hold: filled in by the leader when issuing. None means
    "propose from the data" (see :func:`assemble`)."""

    teaching: str | None = None
    on_call: str | None = None
    content: str | None = None
    satisfactory: bool | None = None
    assessment_note: str = ""


@dataclass(frozen=True)
class AttestationData:
    """Everything printed on one attestation."""

    doctor_id: int | None
    issued_date: date | None
    place: str
    municipality_name: str
    org_number: str
    registered_date: date | None
    municipality_address: str
    doctor_name: str
    birth_date: date | None
    hpr_number: str
    position_type: str
    employment: str
    period_start: date | None
    period_end: date | None
    placement_ids: tuple = ()
    services: tuple = ()                 # ServiceLine
    absences: tuple = ()                 # AbsenceLine
    counted_by_category: dict = field(default_factory=dict)   # category -> months
    counted_total: float = 0.0
    supervisors: tuple = ()              # SupervisorLine
    supervision_hours: float = 0.0
    teaching: str = ""
    on_call: str = ""
    content: str = ""
    satisfactory: bool | None = None
    assessment_note: str = ""
    goals_approved: tuple = ()           # codes, sorted
    goals_text: str = ""
    head_of_service_name: str = ""
    head_of_service_title: str = ""
    medical_lead_name: str = ""
    medical_lead_title: str = ""
    number: str = ""

    def with_number(self, number: str) -> AttestationData:
        return replace(self, number=number)


# --------------------------------------------------------------------------- completeness

def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == ()


# (field, Norwegian name as the refusal names it, test for "missing")
REQUIRED: tuple[tuple[str, str, object], ...] = (
    ("municipality_name", "utdanningsvirksomhetens navn", _blank),
    ("org_number", "organisasjonsnummer", _blank),
    ("registered_date", "dato for registrering som utdanningsvirksomhet", _blank),
    ("doctor_name", "legens navn", _blank),
    ("birth_date", "fødselsdato", _blank),
    ("hpr_number", "HPR-nummer", _blank),
    ("position_type", "stillingstype", _blank),
    ("period_start", "periode fra", _blank),
    ("period_end", "periode til", _blank),
    ("services", "tjenesteperioder i perioden", _blank),
    ("supervisors", "veileder (navn og spesialistgodkjenning)",
     lambda v: _blank(v) or any(_blank(s.name) or _blank(s.qualification) for s in v)),
    ("teaching", "undervisning", _blank),
    ("on_call", "vaktordning", _blank),
    ("content", "tjenestens innhold", _blank),
    ("satisfactory", "om tjenesten er tilfredsstillende", _blank),
    ("place", "sted", _blank),
    ("issued_date", "dato", _blank),
    ("head_of_service_name", "navn på tjenestens leder", _blank),
    ("head_of_service_title", "tittel for tjenestens leder", _blank),
    ("medical_lead_name", "navn på medisinskfaglig ansvarlig lege", _blank),
    ("medical_lead_title", "tittel for medisinskfaglig ansvarlig lege", _blank),
)


# The record fields the attestation prints and refuses without, by the record they are
# entered on: the forms mark them ("Kreves for attest") so they are filled before print time.
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "doctors": ("name", "birth_date", "hpr_number", "position_type", "on_call_arrangement"),
    "municipality": ("name", "org_number", "registered_date", "place", "head_of_service_name",
                     "head_of_service_title", "medical_lead_name", "medical_lead_title"),
}


class AttestationIncomplete(ValidationError):
    """Printing refused: `missing` names every empty field (Norwegian)."""

    def __init__(self, fields: list[str], names: list[str]):
        listing = ", ".join(names)
        super().__init__(fields[0], f"Attesten kan ikke skrives ut før dette er fylt ut: "
                                    f"{listing}.")
        self.fields = fields
        self.missing = names


def missing_items(data: AttestationData) -> list[tuple[str, str]]:
    """(field, Norwegian name) of every empty field, in the order they are printed: the one
    test both printing and the doctor's summary use, so the two never disagree."""
    return [(attr, name) for attr, name, is_missing in REQUIRED
            if is_missing(getattr(data, attr))]


def missing_fields(data: AttestationData) -> list[str]:
    """The Norwegian names of the fields that are empty, in the order they are printed."""
    return [name for _, name in missing_items(data)]


def check_complete(data: AttestationData) -> None:
    """Raise AttestationIncomplete naming every empty field; return quietly when complete."""
    missing = missing_items(data)
    if missing:
        raise AttestationIncomplete([a for a, _ in missing], [n for _, n in missing])


# --------------------------------------------------------------------------- numbering

_NUMBER = re.compile(r"^(\d{4})-(\d+)$")


def next_number(existing: Iterable[str], year: int) -> str:
    """'<year>-<seq>' with seq one above the highest of that year in the file ('2026-007')."""
    highest = 0
    for number in existing:
        m = _NUMBER.match(number or "")
        if m and int(m.group(1)) == year:
            highest = max(highest, int(m.group(2)))
    return f"{year}-{highest + 1:03d}"


# --------------------------------------------------------------------------- figures

def counted_in_period(doctor, placements, leaves, start: date, end: date,
                      rules=None) -> dict[str, float]:
    """Months counted by the rules engine (§ 31, caps) in [start, end], per category.

    The service counted up to `end` minus the service counted up to the day before `start`,
    so absence beyond the 10 % allowance is charged where it falls, as in the whole-training
    figure; for a period from the start of training it is exactly the engine's figure."""
    at_end = counted_by_category(doctor, placements, leaves, as_of=end, rules=rules)
    if not any(p.start_date and p.start_date < start for p in placements):
        return {c: at_end.get(c, 0.0) for c in CATEGORIES}
    before = counted_by_category(doctor, placements, leaves, as_of=start - _ONE_DAY,
                                 rules=rules)
    return {c: max(0.0, at_end.get(c, 0.0) - before.get(c, 0.0)) for c in CATEGORIES}


def qualification(supervisor) -> str:
    """The specialist approval as the attestation states it ('' when unknown)."""
    if supervisor is None:
        return ""
    if supervisor.specialist:
        return "Spesialist i allmennmedisin"
    if supervisor.exemption_until:
        return ("Ikke spesialist; tidsbegrenset dispensasjon fra Helsedirektoratet til "
                f"{fmt(supervisor.exemption_until)}")
    return ""


def _overlaps(s: date | None, e: date | None, start: date, end: date) -> bool:
    return s is not None and s <= end and (e is None or e >= start)


def _goal_text(codes: list[str], fkm_codes: Iterable[str] | None) -> str:
    if not codes:
        return ""
    try:
        return format_goal_refs({c: "full" for c in codes}, fkm_codes=fkm_codes)
    except ValueError:  # codes of an imported catalog the notation does not know
        return ", ".join(codes)


def _teaching_text(activities, start: date, end: date) -> str:
    lines = []
    for a in sorted(activities, key=lambda a: (a.date, a.title)):
        if a.kind not in TEACHING_KINDS or not a.date or not (start <= a.date <= end):
            continue
        title = a.title or a.course_code or ActivityKind.label_of(a.kind)
        hours = f" ({a.hours:g} t)".replace(".", ",") if a.hours else ""
        lines.append(f"{fmt(a.date)}: {title}{hours}")
    return "\n".join(lines)


def _on_call_text(doctor, activities, start: date, end: date) -> str:
    arrangement = (doctor.on_call_arrangement or "").strip()
    if not arrangement:
        return ""
    shifts = [a for a in activities if a.kind == ActivityKind.ON_CALL.value and a.date
              and start <= a.date <= end and a.out_of_hours]
    if not shifts:
        return arrangement
    hours = sum(a.hours or 0 for a in shifts)
    return (f"{arrangement}. {len(shifts)} vakter utenom dagtid i perioden, til sammen "
            f"{hours:g} timer.".replace(".0 timer", " timer"))


def _content_text(services) -> str:
    seen, parts = set(), []
    for s in services:
        key = (s.arena, s.category, s.department)
        if key in seen:
            continue
        seen.add(key)
        parts.append(f"{s.category_label} ved {s.arena}"
                     + (f", {s.department}" if s.department else ""))
    return "; ".join(parts) + "." if parts else ""


def _satisfactory(meetings, start: date, end: date) -> bool | None:
    held = [m for m in meetings if m.held and m.date and start <= m.date <= end and m.outcome]
    if not held:
        return None
    return _SATISFACTORY.get(max(held, key=lambda m: m.date).outcome)


def nothing_to_attest(doctor, placements, as_of: date) -> str:
    """Why there is no service to attest on `as_of`, in words that say what to do."""
    text = f"{doctor.name} har ingen avtalt tjeneste som har startet før {fmt(as_of)}"
    waiting = awaiting_confirmation(placements, as_of)
    if waiting:
        return (f"{text}. Foreløpige perioder som har startet: {period_text(waiting)}. "
                "Bekreft dem som avtalt (Leger → Tjeneste) for at de skal telle.")
    if any(p.status == PlacementStatus.AGREED.value for p in placements):
        return f"{text}: den første avtalte perioden starter senere."
    return f"{text}: registrer en tjenesteperiode (Leger → Tjeneste)."


# --------------------------------------------------------------------------- assembly

def assemble(municipality, bundle, *, arenas: dict, supervisors: dict, as_of: date,
             period_start: date | None = None, period_end: date | None = None,
             placement_ids: Iterable[int] | None = None,
             inputs: AttestationInputs | None = None, fkm_codes: Iterable[str] | None = None,
             issued_date: date | None = None, rules=None) -> AttestationData:
    """The attestation of one doctor for a period (default: the start of training to
    `as_of` or the end of training) or for chosen placements.

    `bundle` holds the doctor and her records (attributes doctor, placements, leaves,
    activities, supervision_sessions, goal_statuses, meetings, supervisor_assignments).
    `arenas` and `supervisors` map ids to records. Only agreed placements are attested, each
    for the days served up to the period's end (it need not be over).
    Inputs left None are proposed from the data: teaching from courses and internal
    teaching in the period, the on-call arrangement from the doctor, the content from the
    placements, satisfactory from the last review meeting in the period."""
    doctor = bundle.doctor
    inputs = inputs or AttestationInputs()
    done = [p for p in bundle.placements
            if p.status == PlacementStatus.COMPLETED.value and p.start_date and p.end_date]
    chosen_ids = tuple(sorted(set(placement_ids))) if placement_ids else ()
    if chosen_ids:
        by_id = {p.id: p for p in bundle.placements}
        unknown = [i for i in chosen_ids if i not in by_id]
        if unknown:
            raise ValidationError("placement_ids", f"Finner ikke tjenesteperiode {unknown[0]} "
                                                   "for denne legen.")
        pencilled = [by_id[i] for i in chosen_ids
                     if by_id[i].status != PlacementStatus.AGREED.value]
        if pencilled:
            raise ValidationError("placement_ids", "Foreløpig tjeneste kan ikke attesteres "
                                                   f"({period_text(pencilled)}); bekreft "
                                                   "perioden som avtalt først.")
        counted_pl = [by_id[i] for i in chosen_ids]
    else:
        counted_pl = done
    if not any(p.start_date <= as_of for p in counted_pl):
        raise ValidationError("placement_ids", nothing_to_attest(doctor, bundle.placements,
                                                                 as_of))
    start = period_start or (min(p.start_date for p in counted_pl) if chosen_ids
                             else doctor.start_date)
    end = period_end
    if end is None:
        ends = [p.end_date for p in counted_pl]
        end = min([as_of] + ([doctor.end_date] if doctor.end_date else [])
                  + ([max(ends)] if ends else []))
    if start and end and end < start:
        raise ValidationError("period_end", "Perioden kan ikke slutte før den begynner.")
    if end and end > as_of:
        raise ValidationError("period_end", f"Perioden kan ikke slutte etter {fmt(as_of)}: "
                                            "bare tjeneste som er utført innen den datoen kan "
                                            "attesteres.")

    services: list[ServiceLine] = []
    counted = dict.fromkeys(CATEGORIES, 0.0)
    absences: list[AbsenceLine] = []
    sup_lines: list[SupervisorLine] = []
    hours = 0.0
    teaching = on_call = content = ""
    satisfactory = None
    goals: list[str] = []
    if start and end:
        for p in sorted(counted_pl, key=lambda p: (p.start_date, p.id or 0)):
            if not _overlaps(p.start_date, p.end_date, start, end):
                continue
            arena = arenas.get(p.arena_id)
            services.append(ServiceLine(p.id, arena.name if arena else "", p.category,
                                        max(p.start_date, start), min(p.end_date, end),
                                        float(p.position_pct), p.department))
        if services:
            counted = counted_in_period(doctor, counted_pl, bundle.leaves, start, end, rules)
        for lv in sorted(bundle.leaves, key=lambda lv: lv.start_date):
            if lv.kind != LeaveKind.HOLIDAY.value and _overlaps(lv.start_date, lv.end_date,
                                                                start, end):
                absences.append(AbsenceLine(lv.kind, max(lv.start_date, start),
                                            min(lv.end_date, end), float(lv.pct)))
        for a in sorted(bundle.supervisor_assignments, key=lambda a: a.start_date):
            if not _overlaps(a.start_date, a.end_date, start, end):
                continue
            sup = supervisors.get(a.supervisor_id)
            sup_lines.append(SupervisorLine(sup.name if sup else "", qualification(sup),
                                            max(a.start_date, start),
                                            min(a.end_date or end, end)))
        hours = sum(s.hours or 0 for s in bundle.supervision_sessions
                    if s.date and start <= s.date <= end and not s.planned)
        teaching = _teaching_text(bundle.activities, start, end)
        on_call = _on_call_text(doctor, bundle.activities, start, end)
        content = _content_text(services)
        satisfactory = _satisfactory(bundle.meetings, start, end)
        goals = sorted({g.goal_code for g in bundle.goal_statuses
                        if g.state == GoalState.APPROVED.value and g.approved_date
                        and start <= g.approved_date <= end})

    return AttestationData(
        doctor_id=doctor.id,
        issued_date=issued_date or as_of,
        place=municipality.place,
        municipality_name=municipality.name,
        org_number=municipality.org_number,
        registered_date=municipality.registered_date,
        municipality_address=municipality.address,
        doctor_name=doctor.name,
        birth_date=doctor.birth_date,
        hpr_number=doctor.hpr_number,
        position_type=doctor.position_type,
        employment=doctor.employment,
        period_start=start,
        period_end=end,
        placement_ids=tuple(s.placement_id for s in services),
        services=tuple(services),
        absences=tuple(absences),
        counted_by_category=counted,
        counted_total=sum(counted.values()),
        supervisors=tuple(sup_lines),
        supervision_hours=hours,
        teaching=teaching if inputs.teaching is None else inputs.teaching.strip(),
        on_call=on_call if inputs.on_call is None else inputs.on_call.strip(),
        content=content if inputs.content is None else inputs.content.strip(),
        satisfactory=satisfactory if inputs.satisfactory is None else inputs.satisfactory,
        assessment_note=inputs.assessment_note.strip(),
        goals_approved=tuple(goals),
        goals_text=_goal_text(goals, fkm_codes),
        head_of_service_name=municipality.head_of_service_name,
        head_of_service_title=municipality.head_of_service_title,
        medical_lead_name=municipality.medical_lead_name,
        medical_lead_title=municipality.medical_lead_title,
    )
