"""The closed vocabularies of the domain: stored codes (English) and their Norwegian labels."""

from __future__ import annotations

from enum import Enum


class Vocab(str, Enum):
    """A stored code with a Norwegian label; `str` so it stores and compares as its code."""

    def __new__(cls, code: str, label: str):
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label = label
        return obj

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def label_of(cls, code: str | None) -> str:
        try:
            return cls(code).label
        except ValueError:
            return code or ""


class Employment(Vocab):
    PERMANENT = ("permanent", "Fast ansatt kommunalt")
    OWN_LIST = ("own_list", "Fastlege med egen hjemmel")
    LOCUM = ("locum", "Vikar")


class Regime(Vocab):
    NEW = ("new", "Ny ordning")
    OLD = ("old", "Gammel ordning")


class ServiceCategory(Vocab):
    GP_UNSELECTED = ("gp_unselected", "Åpen uselektert allmennpraksis")
    GP_OTHER = ("gp_other", "Annen allmennmedisinsk tjeneste")
    INSTITUTION = ("institution", "Institusjonstjeneste")
    OTHER_SPECIALTY = ("other_specialty", "Annen spesialitet")


class ArenaType(Vocab):
    GP_OFFICE = ("gp_office", "Åpen uselektert allmennpraksis")
    OUT_OF_HOURS = ("out_of_hours", "Legevakt")
    NURSING_HOME = ("nursing_home", "Sykehjem")
    KAD = ("kad", "KAD/ØHD")
    HEALTH_STATION = ("health_station", "Helsestasjon og skolehelsetjeneste")
    ADMINISTRATION = ("administration", "Kommunal administrasjon")
    REFUGEE_HEALTH = ("refugee_health", "Flyktninghelsetjeneste")
    INFECTION_CONTROL = ("infection_control", "Smittevern")
    MUNICIPAL_INSTITUTION = ("municipal_institution", "Institusjonstjeneste i kommunen")
    HOSPITAL = ("hospital", "Spesialisthelsetjeneste")
    OTHER = ("other", "Annet")


# Default service category per arena type (the placement may override it).
DEFAULT_CATEGORY: dict[str, str] = {
    ArenaType.GP_OFFICE: ServiceCategory.GP_UNSELECTED,
    ArenaType.OUT_OF_HOURS: ServiceCategory.GP_OTHER,
    ArenaType.NURSING_HOME: ServiceCategory.GP_OTHER,
    ArenaType.KAD: ServiceCategory.GP_OTHER,
    ArenaType.HEALTH_STATION: ServiceCategory.GP_OTHER,
    ArenaType.ADMINISTRATION: ServiceCategory.GP_OTHER,
    ArenaType.REFUGEE_HEALTH: ServiceCategory.GP_OTHER,
    ArenaType.INFECTION_CONTROL: ServiceCategory.GP_OTHER,
    ArenaType.MUNICIPAL_INSTITUTION: ServiceCategory.INSTITUTION,
    ArenaType.HOSPITAL: ServiceCategory.INSTITUTION,
    ArenaType.OTHER: ServiceCategory.GP_OTHER,
}


class SupervisionMode(Vocab):
    PRESENCE = ("presence", "Tilstedeværelse")
    PHONE = ("phone", "Telefon")
    DIGITAL = ("digital", "Digitalt")


class CoverageLevel(Vocab):
    FULL = ("full", "Helt")
    PARTIAL = ("partial", "Delvis")


class PlacementStatus(Vocab):
    """An agreed period counts day by day as it is served, up to the evaluation date; a
    pencilled-in one counts toward the projection alone. The stored codes are the ones of
    the first files ("completed", "planned"), kept so files and JSON exports stay readable;
    only their meaning and labels changed (docs/rules.md)."""

    AGREED = ("completed", "Avtalt")        # stored code stays 'completed' for compatibility
    PENCILLED = ("planned", "Foreløpig")    # stored code stays 'planned' for compatibility
    # The first names, as aliases (same member): code written against them keeps working.
    COMPLETED = ("completed", "Avtalt")
    PLANNED = ("planned", "Foreløpig")


class LeaveKind(Vocab):
    """Absence kinds of § 31: the first three count as service, the rest are deductible."""

    COURSE = ("course", "Kurs / utdanningsrelatert fravær")
    HOLIDAY = ("holiday", "Lovfestet eller avtalt ferie")
    TRAINING = ("training", "Annet utdanningsrelatert fravær")
    SICKNESS = ("sickness", "Sykefravær")
    PARENTAL = ("parental", "Foreldrepermisjon")
    UNPAID = ("unpaid", "Ulønnet permisjon")
    OTHER = ("other", "Annet fravær")


COUNTING_LEAVE = frozenset({LeaveKind.COURSE, LeaveKind.HOLIDAY, LeaveKind.TRAINING})


class SupervisorEmployment(Vocab):
    EMPLOYEE = ("employee", "Ansatt")
    SELF_EMPLOYED = ("self_employed", "Selvstendig næringsdrivende (faktura)")


class GoalState(Vocab):
    NOT_STARTED = ("not_started", "Ikke startet")
    IN_PROGRESS = ("in_progress", "Pågår")
    SUBMITTED = ("submitted", "Sendt til godkjenning")
    APPROVED = ("approved", "Godkjent")


class ActivityKind(Vocab):
    COURSE = ("course", "Kurs")
    ON_CALL = ("on_call", "Legevaktvakt")
    JOINT_CONSULTATION = ("joint_consultation", "Felleskonsultasjon")
    PRACTICE_VISIT_MADE = ("practice_visit_made", "Praksisbesøk (gjort)")
    PRACTICE_VISIT_RECEIVED = ("practice_visit_received", "Praksisbesøk (mottatt)")
    GROUP_SUPERVISION = ("group_supervision", "Gruppeveiledning")
    INTERNAL_TEACHING = ("internal_teaching", "Internundervisning")
    PRESENTATION = ("presentation", "Presentasjon")
    PROCEDURE = ("procedure", "Prosedyre / praktisk ferdighet")
    MEETING = ("meeting", "Møte")
    OTHER = ("other", "Annet")


class MeetingKind(Vocab):
    START = ("start", "Oppstartsmøte")
    HALF_YEARLY = ("half_yearly", "Halvårlig oppfølgingsmøte")
    ASSESSMENT_BOARD = ("assessment_board", "Vurderingskollegium")
    EXTRAORDINARY = ("extraordinary", "Ekstraordinært møte")


class MeetingOutcome(Vocab):
    SATISFACTORY = ("satisfactory", "Tilfredsstillende progresjon")
    WITH_ACTIONS = ("with_actions", "Progresjon med tiltak")
    INSUFFICIENT = ("insufficient", "Ikke tilfredsstillende progresjon, ny vurdering")
    NOT_ASSESSED_LEAVE = ("not_assessed_leave", "Ikke vurdert: permisjon")


class RequestStatus(Vocab):
    WANTED = ("wanted", "Ønsket")
    REPORTED = ("reported", "Meldt")
    OFFERED = ("offered", "Tilbudt")
    ACCEPTED = ("accepted", "Akseptert")
    DECLINED = ("declined", "Avslått")
    DONE = ("done", "Gjennomført")
    WITHDRAWN = ("withdrawn", "Trukket: fått vikariat")


class PlanItemKind(Vocab):
    PLACEMENT = ("placement", "Tjeneste")
    COURSE = ("course", "Kurs")
    ON_CALL = ("on_call", "Legevakt")
    OTHER = ("other", "Annet")
