"""What the audit log says about a write: the action word and a readable detail line.

The audit log is append-only and outlives the records it describes, so it must not become a
second copy of personal data: a detail line shows the values of dates, numbers, yes/no, codes
and references, and only the *names* of changed free-text fields ("Merknader endret"), never
their text. That keeps the log useful (who changed which period from when to when) and lets a
doctor's personal data be erased after training without rewriting history.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from alis_desktop import models as m
from alis_desktop import vocab as v
from alis_desktop.dates import fmt

# Action words stored in audit_log.action.
CREATED, CHANGED, DELETED = "opprettet", "endret", "slettet"
APPROVED, APPROVAL_WITHDRAWN = "godkjent", "godkjenning trukket"
ATTESTATION_ISSUED = "attest utstedt"
ARCHIVED, UNARCHIVED = "arkivert", "hentet fra arkivet"
ANONYMISED = "personopplysninger slettet"
RESTORED = "gjenopprettet fra sikkerhetskopi"
LOCK_TAKEN_OVER = "overtok filen"
UNDONE = "angret"  # Rediger -> Angre put the record back as it was
SHEET_IMPORTED = "importert fra regneark"
PLAN_PASTED = "limt inn fra planen"

KIND_LABELS = {
    "municipality": "Kommune", "goal_texts": "Læringsmåltekst", "doctors": "Lege",
    "arenas": "Læringsarena", "arena_coverage": "Arenadekning", "supervisors": "Veileder",
    "supervisor_assignments": "Veiledertilknytning", "placements": "Tjenesteperiode",
    "leaves": "Fravær", "supervision_sessions": "Veiledningstime",
    "goal_statuses": "Læringsmål", "activities": "Læringsaktivitet", "meetings": "Møte",
    "meeting_actions": "Tiltak", "plan_items": "Planpunkt", "rule_deviations": "Regelavvik",
    "attestations": "Attest", "institution_requests": "Institusjonsønske",
    "institution_posts": "Institusjonsplass", "audit_log": "Revisjonslogg", "": "Fil",
    "plan_sections": "Plankapittel", "plan_contacts": "Kontaktperson i planen",
    "arena_conditions": "Forutsetning for arena", "arena_activities": "Arenaaktivitet",
    "plan_courses": "Kurs i planen", "plan_versions": "Vedtatt planversjon",
}

FIELD_LABELS = {
    "name": "Navn", "birth_date": "Fødselsdato", "hpr_number": "HPR-nummer", "email": "E-post",
    "phone": "Telefon", "employment": "Ansettelse", "position_type": "Stillingstype",
    "regime": "Ordning", "start_date": "Fra-dato", "end_date": "Til-dato",
    "alis_agreement_date": "ALIS-avtale", "grant_end_date": "Tilskudd til",
    "end_reason": "Årsak til avslutning", "catalog_version": "Katalogversjon",
    "cost_code": "Kostnadssted", "on_call_arrangement": "Vaktordning", "notes": "Merknader",
    "note": "Merknad", "archived": "Arkivert", "doctor_id": "Lege", "arena_id": "Arena",
    "supervisor_id": "Veileder", "meeting_id": "Møte", "placement_id": "Tjenesteperiode",
    "category": "Kategori", "position_pct": "Stillingsprosent", "status": "Status",
    "department": "Avdeling", "kind": "Type", "pct": "Prosent", "date": "Dato",
    "hours": "Timer", "topics": "Tema", "goals": "Læringsmål", "planned": "Planlagt",
    "goal_code": "Læringsmål", "state": "Status", "approved_date": "Godkjent dato",
    "approved_by": "Godkjent av", "advice_supervisor": "Råd fra veileder",
    "advice_clinical": "Råd fra supervisør", "comment": "Kommentar", "number": "Nummer",
    "issued_date": "Utstedt", "period_start": "Periode fra", "period_end": "Periode til",
    "placement_ids": "Tjenesteperioder", "sha256": "Sjekksum", "pdf": "PDF",
    "participants": "Deltakere", "outcome": "Vurdering", "assessment": "Vurderingstekst",
    "minutes": "Referat", "plan_next": "Plan", "next_date": "Neste møte", "held": "Holdt",
    "snapshot": "Øyeblikksbilde", "what": "Tiltak", "who": "Ansvarlig", "due_date": "Frist",
    "done_date": "Utført", "text": "Tekst", "done": "Utført", "rule_id": "Regel",
    "reason": "Begrunnelse", "decided_date": "Besluttet", "decided_by": "Besluttet av",
    "type": "Type", "location": "Sted", "inside_municipality": "I kommunen",
    "partner": "Samarbeidspartner", "description": "Beskrivelse",
    "supervision_modes": "Supervisjonsformer", "default_category": "Standardkategori",
    "level": "Dekning", "workplace": "Arbeidssted", "specialist": "Spesialist",
    "exemption_until": "Dispensasjon til", "course_completed": "Veilederkurs",
    "course_code": "Kurskode", "title": "Tittel", "out_of_hours": "Utenfor arbeidstid",
    "signed_by": "Signert av", "desired_start": "Ønsket fra", "desired_end": "Ønsket til",
    "institution": "Institusjon", "departments": "Avdelinger", "reported_date": "Meldt",
    "priority_override": "Overstyrt prioritet", "override_note": "Begrunnelse for overstyring",
    "interrupted": "Avbrutt", "org_number": "Organisasjonsnummer", "backup_keep":
    "Antall sikkerhetskopier", "code": "Kode", "theme": "Tema",
    "institution_model": "Prioriteringsmodell",
    "institution_models": "Egne prioriteringsmodeller",
    "offered_date": "Tilbudt", "offer_copied_to_leader": "Tilbud med kopi til leder",
    "withdrawn_date": "Trukket", "withdrawal_reported_date": "Koordinator varslet om trekning",
    "key": "Nøkkel", "position": "Plassering", "removed": "Fjernet", "role": "Rolle",
    "here": "Aktivitet på arenaen", "elsewhere": "Aktivitet på annet vis",
    "version": "Versjon", "adopted_date": "Vedtatt", "adopted_by": "Vedtatt av",
    "document": "Planinnhold", "group_supervisor": "Gruppeveileder",
    "second_leader_name": "Leder 2", "second_leader_title": "Tittel, leder 2",
}

# Text fields whose value is a code or an identifier, not prose: safe to show in the log.
CODE_FIELDS = frozenset({
    "employment", "regime", "catalog_version", "category", "status", "kind", "goal_code",
    "state", "number", "rule_id", "outcome", "type", "default_category", "level",
    "course_code", "code", "org_number", "sha256", "institution_model", "key", "version",
})

# Names of the staff who approved or decided (§ 26 trail), not of the doctor: kept.
STAFF_NAME_FIELDS = frozenset({"approved_by", "advice_supervisor", "advice_clinical",
                               "decided_by", "adopted_by"})

# Text that names places and courses, not people.
PLACE_FIELDS = frozenset({
    (m.Arena, "name"), (m.Arena, "location"), (m.Arena, "partner"),
    (m.Placement, "department"), (m.Activity, "title"), (m.Municipality, "name"),
    (m.InstitutionRequest, "institution"), (m.InstitutionPost, "institution"),
    (m.InstitutionPost, "department"),
})

# Which vocabulary a code field's value belongs to, per record class.
_VOCABS = {
    (m.Doctor, "employment"): v.Employment, (m.Doctor, "regime"): v.Regime,
    (m.Placement, "category"): v.ServiceCategory, (m.Placement, "status"): v.PlacementStatus,
    (m.Leave, "kind"): v.LeaveKind, (m.GoalStatus, "state"): v.GoalState,
    (m.Activity, "kind"): v.ActivityKind, (m.ReviewMeeting, "kind"): v.MeetingKind,
    (m.ReviewMeeting, "outcome"): v.MeetingOutcome, (m.Arena, "type"): v.ArenaType,
    (m.Arena, "default_category"): v.ServiceCategory, (m.ArenaCoverage, "level"): v.CoverageLevel,
    (m.Supervisor, "employment"): v.SupervisorEmployment, (m.PlanItem, "kind"): v.PlanItemKind,
    (m.InstitutionRequest, "status"): v.RequestStatus,
}


def label(field_name: str) -> str:
    return FIELD_LABELS.get(field_name, field_name)


def _safe(cls: type, field_name: str, value) -> bool:
    """Whether a value may be written into the log as it stands."""
    if field_name == "id" or isinstance(value, (bytes, list, dict)):
        return False
    if isinstance(value, str):
        known = (field_name in CODE_FIELDS or field_name in STAFF_NAME_FIELDS
                 or (cls, field_name) in PLACE_FIELDS)
        return known and len(value) <= 80
    return True


def show(cls: type, field_name: str, value) -> str:
    """A safe value as people read it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, date):
        return fmt(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if field_name == "sha256":
        return str(value)[:12] + "…"
    vocab = _VOCABS.get((cls, field_name))
    return vocab.label_of(value) if vocab else str(value)


def _fields(record):
    return [(f.name, getattr(record, f.name)) for f in dataclasses.fields(record)]


def describe_record(record) -> str:
    """The safe fields of a new or deleted record, e.g. «Fra-dato: 01.01.2024, ...»."""
    cls = type(record)
    parts = []
    for name, value in _fields(record):
        if value in (None, "") or not _safe(cls, name, value):
            continue
        parts.append(f"{label(name)}: {show(cls, name, value)}")
    return ", ".join(parts)


def describe_change(old, new) -> str:
    """What changed between two versions of a record: values where safe, else field names."""
    cls = type(new)
    parts = []
    for (name, before), (_n, after) in zip(_fields(old), _fields(new)):
        if name == "id" or before == after:
            continue
        if _safe(cls, name, before) and _safe(cls, name, after):
            parts.append(f"{label(name)}: {show(cls, name, before)} → {show(cls, name, after)}")
        else:
            parts.append(f"{label(name)} endret")
    return "; ".join(parts)


def action_for(old, new) -> str:
    """The action word for saving `new` over `old` (None when new)."""
    approved = v.GoalState.APPROVED.value
    if isinstance(new, m.Attestation) and old is None:
        return ATTESTATION_ISSUED
    if isinstance(new, m.GoalStatus):
        was = old is not None and old.state == approved
        if new.state == approved and not was:
            return APPROVED
        if was and new.state != approved:
            return APPROVAL_WITHDRAWN
    if old is None:
        return CREATED
    if hasattr(new, "archived") and old.archived != new.archived:
        return ARCHIVED if new.archived else UNARCHIVED
    return CHANGED


def detail_for(old, new) -> str:
    if old is None:
        return describe_record(new)
    return describe_change(old, new) or "ingen endring"


CSV_HEADER = ["Tidspunkt", "Bruker", "Handling", "Gjelder", "Id", "Hvem/hva", "Detaljer"]


def csv_text(rows: list[list[str]]) -> str:
    """Rows (in CSV_HEADER order) as CSV that Excel opens in Norway: semicolons, a UTF-8 BOM
    so æ, ø and å survive, and cells that start like a formula quoted harmless."""
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in map(str, row)])
    return "\ufeff" + out.getvalue()
