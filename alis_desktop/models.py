"""Domain records: plain dataclasses, one per kind of thing the leader keeps.

Field names are the column names in the file and the keys in the JSON format
(docs/data-format.md). Each record validates itself; messages are Norwegian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from alis_desktop.errors import ValidationError, excerpt
from alis_desktop.vocab import (
    ActivityKind, ArenaType, CoverageLevel, Employment, GoalState, LeaveKind, MeetingKind,
    MeetingOutcome, PlacementStatus, PlanItemKind, Regime, RequestStatus, ServiceCategory,
    SupervisionMode, SupervisorEmployment,
)

FKM_CURRENT = "FKM-2026"  # catalog version of the FKM goals in force from 1 March 2026
ALM_CATALOG = "ALM"

_GOAL_CODE = re.compile(r"^(ALM|FKM|LM)-\d{3}$")


def _require(value, field_name: str, label: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field_name, f"{label} må fylles ut.")


def _in_vocab(value, vocab, field_name: str, label: str, *, optional: bool = False) -> None:
    if optional and not value:
        return
    if not isinstance(value, str) or value not in {m.value for m in vocab}:
        allowed = ", ".join(m.label for m in vocab)
        raise ValidationError(field_name, f"{label} «{excerpt(value)}» er ukjent. Gyldige valg: "
                                            f"{allowed}.")


def _order(start: date | None, end: date | None, end_field: str) -> None:
    if start and end and end < start:
        raise ValidationError(end_field, "Sluttdato kan ikke være før startdato.")


def _pct(value, field_name: str, label: str = "Stillingsprosent") -> None:
    if value is None or not (0 < value <= 100):
        raise ValidationError(field_name, f"{label} må være mellom 1 og 100.")


def _goal_code(code: str, field_name: str = "goal_code") -> None:
    if not isinstance(code, str) or not _GOAL_CODE.match(code):
        raise ValidationError(field_name,
                              f"«{excerpt(code)}» er ikke en læringsmålkode (f.eks. ALM-012).")


@dataclass
class Municipality:
    """The registered training institution and the settings printed on its documents."""

    id: int = 1
    name: str = ""
    org_number: str = ""
    registered_date: date | None = None
    address: str = ""
    place: str = ""
    leader_name: str = ""
    leader_title: str = ""
    head_of_service_name: str = ""
    head_of_service_title: str = ""
    medical_lead_name: str = ""
    medical_lead_title: str = ""
    contact_email: str = ""
    short_of_specialists: bool = False
    supervision_rate: float = 0.0
    preparation_rate: float = 0.0
    backup_keep: int = 10
    logo_path: str = ""
    # The health trust's priority model for the institution waiting list, by name ("" =
    # not chosen: the default), and the leader's own models (alis_desktop.priority_models).
    institution_model: str = ""
    institution_models: list = field(default_factory=list)
    # A second leader printed beside the first (Drammen: kommuneoverlege and
    # fagkoordinerende lege share the leader's role in Kompetanseportalen).
    second_leader_name: str = ""
    second_leader_title: str = ""

    def validate(self) -> None:
        _require(self.name, "name", "Kommunens navn")
        if self.org_number and not re.fullmatch(r"\d{9}", self.org_number.replace(" ", "")):
            raise ValidationError("org_number", "Organisasjonsnummer må ha 9 siffer.")
        if self.supervision_rate < 0 or self.preparation_rate < 0:
            raise ValidationError("supervision_rate", "Satser kan ikke være negative.")
        if not 1 <= self.backup_keep <= 1000:
            raise ValidationError("backup_keep", "Antall sikkerhetskopier må være mellom 1 og 1000.")


@dataclass
class Doctor:
    """An ALIS: a doctor in specialist training in general practice (LIS3)."""

    id: int | None = None
    name: str = ""
    birth_date: date | None = None
    hpr_number: str = ""
    email: str = ""
    phone: str = ""
    employment: str = Employment.PERMANENT.value
    position_type: str = ""
    regime: str = Regime.NEW.value
    start_date: date | None = None
    alis_agreement_date: date | None = None
    grant_end_date: date | None = None
    end_date: date | None = None
    end_reason: str = ""
    catalog_version: str = FKM_CURRENT
    cost_code: str = ""
    on_call_arrangement: str = ""
    notes: str = ""
    archived: bool = False
    group_supervisor: str = ""  # the group supervisor's name (the Legeforening's group)

    def validate(self) -> None:
        _require(self.name, "name", "Navn")
        if len(self.name) > 200:
            raise ValidationError("name", "Navnet er for langt (høyst 200 tegn).")
        if self.hpr_number and not re.fullmatch(r"\d{6,9}", self.hpr_number):
            raise ValidationError("hpr_number", "HPR-nummer skal bare ha siffer (6 til 9).")
        _in_vocab(self.employment, Employment, "employment", "Ansettelsesform")
        _in_vocab(self.regime, Regime, "regime", "Ordning")
        _require(self.start_date, "start_date", "Startdato")
        if self.birth_date and self.start_date and self.birth_date >= self.start_date:
            raise ValidationError("birth_date", "Fødselsdato må være før startdato.")
        if self.birth_date and self.birth_date.year < 1900:
            raise ValidationError("birth_date", "Fødselsdato er urimelig tidlig.")
        _order(self.start_date, self.end_date, "end_date")
        if self.end_date and not self.end_reason.strip():
            raise ValidationError("end_reason", "Oppgi årsak når utdanningen avsluttes.")

    def status(self, today: date) -> str:
        """Norwegian status word for tables."""
        if self.archived:
            return "Arkivert"
        if self.end_date and self.end_date < today:
            return "Avsluttet"
        if self.start_date and self.start_date > today:
            return "Ikke startet"
        return "Aktiv"


@dataclass
class Arena:
    """A learning arena (læringsarena): a place of service."""

    id: int | None = None
    name: str = ""
    type: str = ArenaType.GP_OFFICE.value
    location: str = ""
    inside_municipality: bool = True
    partner: str = ""
    description: str = ""
    supervision_modes: list = field(default_factory=list)
    new_supervisor_on_stay: bool = False
    default_category: str = ServiceCategory.GP_UNSELECTED.value
    archived: bool = False

    def validate(self) -> None:
        _require(self.name, "name", "Navn")
        _in_vocab(self.type, ArenaType, "type", "Type læringsarena")
        _in_vocab(self.default_category, ServiceCategory, "default_category", "Tjenestekategori")
        for mode in self.supervision_modes:
            _in_vocab(mode, SupervisionMode, "supervision_modes", "Supervisjonsform")
        if not self.inside_municipality and not self.partner.strip():
            raise ValidationError("partner", "Oppgi samarbeidspartner for arena utenfor kommunen.")


@dataclass
class ArenaCoverage:
    """One learning goal an arena lets the doctor achieve, fully or partly."""

    id: int | None = None
    arena_id: int | None = None
    goal_code: str = ""
    level: str = CoverageLevel.FULL.value

    def validate(self) -> None:
        _require(self.arena_id, "arena_id", "Læringsarena")
        _goal_code(self.goal_code)
        _in_vocab(self.level, CoverageLevel, "level", "Dekning")


@dataclass
class Placement:
    """A period of service (tjenesteperiode) at an arena."""

    id: int | None = None
    doctor_id: int | None = None
    arena_id: int | None = None
    category: str = ServiceCategory.GP_UNSELECTED.value
    start_date: date | None = None
    end_date: date | None = None
    position_pct: float = 100.0
    status: str = PlacementStatus.COMPLETED.value
    department: str = ""
    notes: str = ""

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _require(self.arena_id, "arena_id", "Læringsarena")
        _in_vocab(self.category, ServiceCategory, "category", "Tjenestekategori")
        _require(self.start_date, "start_date", "Fra-dato")
        _require(self.end_date, "end_date", "Til-dato")
        _order(self.start_date, self.end_date, "end_date")
        _pct(self.position_pct, "position_pct")
        _in_vocab(self.status, PlacementStatus, "status", "Status")


@dataclass
class Leave:
    """Absence (fravær/permisjon) during the training, with the share of the position."""

    id: int | None = None
    doctor_id: int | None = None
    kind: str = LeaveKind.SICKNESS.value
    start_date: date | None = None
    end_date: date | None = None
    pct: float = 100.0
    notes: str = ""

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _in_vocab(self.kind, LeaveKind, "kind", "Fraværstype")
        _require(self.start_date, "start_date", "Fra-dato")
        _require(self.end_date, "end_date", "Til-dato")
        _order(self.start_date, self.end_date, "end_date")
        _pct(self.pct, "pct", "Fraværsprosent")


@dataclass
class Supervisor:
    """An individual supervisor (veileder)."""

    id: int | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    workplace: str = ""
    specialist: bool = True
    exemption_until: date | None = None
    course_completed: bool = False
    employment: str = SupervisorEmployment.EMPLOYEE.value
    notes: str = ""
    archived: bool = False

    def validate(self) -> None:
        _require(self.name, "name", "Navn")
        _in_vocab(self.employment, SupervisorEmployment, "employment", "Tilknytning")
        if not self.specialist and not self.exemption_until:
            raise ValidationError(
                "exemption_until",
                "En veileder som ikke er spesialist i allmennmedisin trenger dispensasjon "
                "med sluttdato.")


@dataclass
class SupervisorAssignment:
    """Who supervised a doctor, from when to when (open end = current)."""

    id: int | None = None
    doctor_id: int | None = None
    supervisor_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _require(self.supervisor_id, "supervisor_id", "Veileder")
        _require(self.start_date, "start_date", "Fra-dato")
        _order(self.start_date, self.end_date, "end_date")


@dataclass
class SupervisionSession:
    """Hours of individual supervision on one date."""

    id: int | None = None
    doctor_id: int | None = None
    supervisor_id: int | None = None
    date: date | None = None
    hours: float = 1.0
    topics: str = ""
    goals: list = field(default_factory=list)
    note: str = ""
    planned: bool = False

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _require(self.supervisor_id, "supervisor_id", "Veileder")
        _require(self.date, "date", "Dato")
        if self.hours is None or not (0 < self.hours <= 8):
            raise ValidationError("hours", "Timer må være mer enn 0 og høyst 8 per veiledning.")
        for code in self.goals:
            _goal_code(code, "goals")


@dataclass
class GoalStatus:
    """A doctor's status on one learning goal, with the § 26 approval data."""

    id: int | None = None
    doctor_id: int | None = None
    goal_code: str = ""
    catalog_version: str = ALM_CATALOG
    state: str = GoalState.NOT_STARTED.value
    approved_date: date | None = None
    approved_by: str = ""
    advice_supervisor: str = ""
    advice_clinical: str = ""
    comment: str = ""

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _goal_code(self.goal_code)
        _require(self.catalog_version, "catalog_version", "Katalogversjon")
        _in_vocab(self.state, GoalState, "state", "Status")
        if self.state == GoalState.APPROVED:
            _require(self.approved_date, "approved_date", "Godkjenningsdato")
            _require(self.approved_by, "approved_by", "Godkjent av")
            if not self.advice_supervisor.strip():
                raise ValidationError(
                    "advice_supervisor",
                    "Godkjenning krever råd fra veileder (spesialistforskriften § 26).")
            if not self.advice_clinical.strip():
                raise ValidationError(
                    "advice_clinical",
                    "Godkjenning krever råd fra minst én supervisør (spesialistforskriften § 26).")


@dataclass
class Activity:
    """A learning activity: course, on-call shift, joint consultation, practice visit ..."""

    id: int | None = None
    doctor_id: int | None = None
    kind: str = ActivityKind.COURSE.value
    date: date | None = None
    end_date: date | None = None
    hours: float | None = None
    course_code: str = ""
    title: str = ""
    out_of_hours: bool = False
    goals: list = field(default_factory=list)
    signed_by: str = ""
    note: str = ""

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _in_vocab(self.kind, ActivityKind, "kind", "Aktivitetstype")
        _require(self.date, "date", "Dato")
        _order(self.date, self.end_date, "end_date")
        if self.hours is not None and not (0 < self.hours <= 1000):
            raise ValidationError("hours", "Timer må være et positivt tall.")
        if self.kind == ActivityKind.ON_CALL and self.hours is None:
            raise ValidationError("hours", "Oppgi vaktens lengde i timer.")
        for code in self.goals:
            _goal_code(code, "goals")


def _is_clock_time(text: str) -> bool:
    """"HH:MM" on the 24-hour clock."""
    return re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", text) is not None


@dataclass
class ReviewMeeting:
    """A review meeting (oppfølgingsmøte / vurderingskollegium)."""

    id: int | None = None
    doctor_id: int | None = None
    kind: str = MeetingKind.HALF_YEARLY.value
    date: date | None = None
    participants: list = field(default_factory=list)  # [{"role": ..., "name": ...}]
    outcome: str = ""
    assessment: str = ""
    minutes: str = ""
    plan_next: str = ""
    next_date: date | None = None
    held: bool = True
    snapshot: dict = field(default_factory=dict)  # figures as of the meeting, for reprints
    start_time: str = ""  # "HH:MM", local time in Norway; "" = not set (calendar: all day)
    place: str = ""       # where the meeting is held, for the calendar invitation

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _in_vocab(self.kind, MeetingKind, "kind", "Møtetype")
        _require(self.date, "date", "Dato")
        if self.start_time and not _is_clock_time(self.start_time):
            raise ValidationError("start_time",
                                  "Klokkeslett skrives tt:mm, for eksempel 09:30.")
        _in_vocab(self.outcome, MeetingOutcome, "outcome", "Vurdering", optional=True)
        if self.next_date and self.date and self.next_date <= self.date:
            raise ValidationError("next_date", "Neste møte må være etter dette møtet.")
        for p in self.participants:
            if not isinstance(p, dict) or not str(p.get("name", "")).strip():
                raise ValidationError("participants", "Hver deltaker må ha et navn.")


@dataclass
class MeetingAction:
    """An action (tiltak) agreed in a meeting."""

    id: int | None = None
    meeting_id: int | None = None
    doctor_id: int | None = None
    what: str = ""
    who: str = ""
    due_date: date | None = None
    done_date: date | None = None

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _require(self.what, "what", "Tiltak")


@dataclass
class PlanItem:
    """An item of the individual plan for the next period (agreed in a meeting or not)."""

    id: int | None = None
    doctor_id: int | None = None
    meeting_id: int | None = None
    kind: str = PlanItemKind.OTHER.value
    text: str = ""
    due_date: date | None = None
    done: bool = False

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _in_vocab(self.kind, PlanItemKind, "kind", "Type")
        _require(self.text, "text", "Tekst")


@dataclass
class RuleDeviation:
    """A plan rule the leader deliberately departs from for one doctor, with the reason."""

    id: int | None = None
    doctor_id: int | None = None
    rule_id: str = ""
    reason: str = ""
    decided_date: date | None = None
    decided_by: str = ""

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _require(self.rule_id, "rule_id", "Regel")
        _require(self.reason, "reason", "Begrunnelse")


@dataclass
class Attestation:
    """An issued attestation of completed service, kept for identical reprints."""

    id: int | None = None
    doctor_id: int | None = None
    number: str = ""
    issued_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    placement_ids: list = field(default_factory=list)
    sha256: str = ""
    pdf: bytes = b""

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _require(self.number, "number", "Dokumentnummer")
        _require(self.issued_date, "issued_date", "Utstedt dato")
        _order(self.period_start, self.period_end, "period_end")
        if not re.fullmatch(r"[0-9a-f]{64}", self.sha256 or ""):
            raise ValidationError("sha256", "Sjekksummen må være 64 heksadesimale tegn.")
        if not all(type(pid) is int and pid > 0 for pid in self.placement_ids):
            raise ValidationError("placement_ids", "Tjenesteperiodene må oppgis med id-er.")


@dataclass
class InstitutionRequest:
    """A doctor's place on the waiting list for institution service."""

    id: int | None = None
    doctor_id: int | None = None
    desired_start: date | None = None
    desired_end: date | None = None
    institution: str = ""
    departments: list = field(default_factory=list)  # in order of preference
    location: str = ""
    reported_date: date | None = None
    status: str = RequestStatus.WANTED.value
    priority_override: int | None = None
    override_note: str = ""
    interrupted: bool = False
    notes: str = ""
    offered_date: date | None = None         # when the trust's offer came
    offer_copied_to_leader: bool = False     # "til ALIS med kopi til lederen" (003)
    withdrawn_date: date | None = None       # left the list: took a locum post instead
    withdrawal_reported_date: date | None = None  # the coordinator was told

    def validate(self) -> None:
        _require(self.doctor_id, "doctor_id", "Lege")
        _order(self.desired_start, self.desired_end, "desired_end")
        _in_vocab(self.status, RequestStatus, "status", "Status")
        if not all(isinstance(d, str) and d.strip() for d in self.departments):
            raise ValidationError("departments", "Hver avdeling må ha et navn.")
        if self.priority_override is not None and not self.override_note.strip():
            raise ValidationError("override_note", "Begrunn overstyringen av prioriteten.")


@dataclass
class InstitutionPost:
    """A fixed institution post for one half-year period (from 1 March or 1 September)."""

    id: int | None = None
    institution: str = ""
    department: str = ""
    period_start: date | None = None
    period_end: date | None = None
    doctor_id: int | None = None
    placement_id: int | None = None
    note: str = ""

    def validate(self) -> None:
        _require(self.institution, "institution", "Institusjon")
        _require(self.department, "department", "Avdeling")
        _require(self.period_start, "period_start", "Periodestart")
        _require(self.period_end, "period_end", "Periodeslutt")
        _order(self.period_start, self.period_end, "period_end")


@dataclass
class GoalText:
    """A catalog entry the leader imported or edited (overrides the shipped title)."""

    id: int | None = None
    catalog_version: str = ALM_CATALOG
    code: str = ""
    theme: str = ""
    text: str = ""

    def validate(self) -> None:
        _require(self.catalog_version, "catalog_version", "Katalogversjon")
        _goal_code(self.code, "code")


@dataclass
class AuditEntry:
    """One line of the append-only audit log."""

    id: int | None = None
    at: str = ""  # ISO timestamp, seconds
    user: str = ""
    action: str = ""
    kind: str = ""
    record_id: int | None = None
    detail: str = ""

    def validate(self) -> None:
        _require(self.at, "at", "Tidspunkt")
        _require(self.action, "action", "Handling")
