"""Personal data about one doctor: what an access request gets, and what erasure after the
training removes (GDPR art. 15 and 17; the program holds no patient data).

Erasure keeps the statistics the municipality must be able to report (periods, categories,
percentages, hours, dates, goal approvals, attestation numbers and checksums) and removes
what identifies the doctor or describes them in prose: name, birth date, HPR number,
contacts, notes, minutes, assessments, topics and the printed attestations.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date

from alis_desktop import models as m
from alis_desktop import vocab as v
from alis_desktop.dates import fmt
from alis_desktop.errors import ValidationError

ERASED = "(anonymisert)"

# Kinds holding records about one doctor (by their doctor_id), in the order they are shown.
DOCTOR_KINDS = ("placements", "leaves", "supervisor_assignments", "supervision_sessions",
                "goal_statuses", "activities", "meetings", "meeting_actions", "plan_items",
                "rule_deviations", "attestations", "institution_requests", "institution_posts")


def anonymous_name(doctor_id: int) -> str:
    return f"Anonymisert lege {doctor_id}"


def _keep_marker(value: str) -> str:
    """A required free-text field: replaced by a marker (blank would fail validation)."""
    return ERASED if value else ""


# Per record class: field -> replacement value, or a function of the old value.
ERASE: dict[type, dict] = {
    m.Doctor: {"birth_date": None, "hpr_number": "", "email": "", "phone": "", "notes": "",
               "cost_code": "", "on_call_arrangement": "", "end_reason": _keep_marker,
               "archived": True},
    m.Placement: {"notes": ""},
    m.Leave: {"notes": ""},
    m.SupervisionSession: {"topics": "", "note": ""},
    m.GoalStatus: {"comment": ""},
    m.Activity: {"note": "", "signed_by": ""},
    m.ReviewMeeting: {"participants": [], "assessment": "", "minutes": "", "plan_next": "",
                      "snapshot": {}},
    m.MeetingAction: {"what": _keep_marker, "who": ""},
    m.PlanItem: {"text": _keep_marker},
    m.RuleDeviation: {"reason": _keep_marker},
    m.Attestation: {"pdf": b""},
    m.InstitutionRequest: {"notes": "", "override_note": _keep_marker},
    m.InstitutionPost: {"note": ""},
}


def check_may_erase(doctor: m.Doctor, today: date) -> None:
    """Erasure is for doctors who have finished: refused while the training runs."""
    if doctor.end_date is None or doctor.end_date >= today:
        raise ValidationError(
            "end_date", "Personopplysningene kan først slettes når utdanningen er avsluttet "
            "(sluttdato passert). Registrer avslutningen først.")


def anonymised(record):
    """A copy of `record` with the doctor's personal data removed (unchanged if none)."""
    rules = ERASE.get(type(record), {})
    changes = {}
    for name, rule in rules.items():
        old = getattr(record, name)
        changes[name] = rule(old) if callable(rule) else rule
    if isinstance(record, m.Doctor):
        changes["name"] = anonymous_name(record.id)
    return dataclasses.replace(record, **changes)


def identifying_texts(doctor: m.Doctor) -> list[str]:
    """Strings that identify the doctor and may sit inside older audit details."""
    found = [doctor.name.strip(), doctor.hpr_number.strip(), doctor.email.strip(),
             doctor.phone.strip()]
    return [t for t in found if len(t) >= 3]


def _period(start, end) -> str:
    return f"{fmt(start)}–{fmt(end)}" if end else f"fra {fmt(start)}"


def summary_text(doctor: m.Doctor, records: dict[str, list], names: dict[str, dict],
                 municipality: str, today: date) -> str:
    """A readable account of everything the file holds about one doctor (for an access
    request), in Norwegian. `names` maps "arenas"/"supervisors" ids to names."""
    arenas, supervisors = names.get("arenas", {}), names.get("supervisors", {})
    lines = [f"Opplysninger om {doctor.name} i ALIS Desktop", f"{municipality}, uttrekk "
             f"{fmt(today)}", "",
             "Filen inneholder ingen pasientopplysninger. Alle registrerte opplysninger "
             "følger i JSON-filen; her er et sammendrag.", "", "PERSONALIA"]
    personal = [("Navn", doctor.name), ("Fødselsdato", fmt(doctor.birth_date)),
                ("HPR-nummer", doctor.hpr_number), ("E-post", doctor.email),
                ("Telefon", doctor.phone),
                ("Ansettelse", v.Employment.label_of(doctor.employment)),
                ("Ordning", v.Regime.label_of(doctor.regime)),
                ("Start", fmt(doctor.start_date)), ("ALIS-avtale", fmt(doctor.alis_agreement_date)),
                ("Avsluttet", fmt(doctor.end_date)), ("Årsak", doctor.end_reason),
                ("Merknader", doctor.notes)]
    lines += [f"  {k}: {val}" for k, val in personal if val]

    placements = records.get("placements", [])
    lines += ["", f"TJENESTEPERIODER ({len(placements)})"]
    for p in placements:
        lines.append(f"  {_period(p.start_date, p.end_date)}  {arenas.get(p.arena_id, '?')}, "
                     f"{v.ServiceCategory.label_of(p.category)}, {p.position_pct:g} %, "
                     f"{v.PlacementStatus.label_of(p.status).lower()}")
    leaves = records.get("leaves", [])
    lines += ["", f"FRAVÆR ({len(leaves)})"]
    for lv in leaves:
        lines.append(f"  {_period(lv.start_date, lv.end_date)}  "
                     f"{v.LeaveKind.label_of(lv.kind)}, {lv.pct:g} %")
    assignments = records.get("supervisor_assignments", [])
    lines += ["", f"VEILEDERE ({len(assignments)})"]
    for a in assignments:
        lines.append(f"  {_period(a.start_date, a.end_date)}  "
                     f"{supervisors.get(a.supervisor_id, '?')}")
    sessions = [s for s in records.get("supervision_sessions", []) if not s.planned]
    hours = sum(s.hours for s in sessions)
    lines += ["", f"VEILEDNING: {len(sessions)} timer registrert, "
                  f"{hours:g} timer til sammen".replace(".", ",")]
    statuses = records.get("goal_statuses", [])
    approved = [g for g in statuses if g.state == v.GoalState.APPROVED]
    lines += ["", f"LÆRINGSMÅL: {len(approved)} godkjent av {len(statuses)} registrert"]
    for g in approved:
        lines.append(f"  {g.goal_code} godkjent {fmt(g.approved_date)} av {g.approved_by}")
    kinds = Counter(v.ActivityKind.label_of(a.kind) for a in records.get("activities", []))
    lines += ["", f"LÆRINGSAKTIVITETER ({sum(kinds.values())})"]
    lines += [f"  {k}: {n}" for k, n in sorted(kinds.items())]
    meetings = records.get("meetings", [])
    lines += ["", f"MØTER ({len(meetings)})"]
    for mt in meetings:
        outcome = v.MeetingOutcome.label_of(mt.outcome) if mt.outcome else ""
        lines.append(f"  {fmt(mt.date)}  {v.MeetingKind.label_of(mt.kind)}"
                     + (f": {outcome}" if outcome else ""))
    attestations = records.get("attestations", [])
    lines += ["", f"ATTESTER ({len(attestations)})"]
    for at in attestations:
        lines.append(f"  {at.number}, utstedt {fmt(at.issued_date)}")
    others = [("Tiltak fra møter", "meeting_actions"), ("Planpunkter", "plan_items"),
              ("Regelavvik", "rule_deviations"), ("Ønsker om institusjonstjeneste",
                                                  "institution_requests"),
              ("Institusjonsplasser", "institution_posts"), ("Rader i revisjonsloggen",
                                                             "audit_log")]
    lines += ["", "ANDRE OPPLYSNINGER"]
    lines += [f"  {label}: {len(records.get(kind, []))}" for label, kind in others]
    return "\n".join(lines) + "\n"
