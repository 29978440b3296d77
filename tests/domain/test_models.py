"""Validation of domain records: what the leader is told, and that the plain form
round-trips. No Qt, no SQL."""

from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.records import RECORD_KINDS, from_plain, to_plain, validated


def doctor(**kw):
    base = dict(name="Kari Nordmann", start_date=date(2024, 1, 1))
    base.update(kw)
    return m.Doctor(**base)


def message(record) -> tuple[str, str]:
    with pytest.raises(ValidationError) as exc:
        record.validate()
    return exc.value.field, exc.value.message


def test_valid_doctor_passes():
    doctor(hpr_number="1234567", birth_date=date(1990, 5, 17)).validate()


@pytest.mark.parametrize("kw, field, words", [
    ({"name": "  "}, "name", "Navn må fylles ut"),
    ({"hpr_number": "12a4567"}, "hpr_number", "HPR-nummer skal bare ha siffer"),
    ({"hpr_number": "123"}, "hpr_number", "HPR-nummer"),
    ({"start_date": None}, "start_date", "Startdato må fylles ut"),
    ({"end_date": date(2023, 1, 1), "end_reason": "x"}, "end_date", "før startdato"),
    ({"end_date": date(2025, 1, 1)}, "end_reason", "Oppgi årsak"),
    ({"employment": "consultant"}, "employment", "Ansettelsesform «consultant» er ukjent"),
    ({"regime": "newest"}, "regime", "Ordning"),
    ({"birth_date": date(2030, 1, 1)}, "birth_date", "Fødselsdato må være før startdato"),
])
def test_invalid_doctor_names_field_in_norwegian(kw, field, words):
    got_field, text = message(doctor(**kw))
    assert got_field == field
    assert words in text


def test_goal_approval_needs_both_advices():
    """§ 26: the leader approves after advice from supervisor and a clinical supervisor."""
    status = m.GoalStatus(doctor_id=1, goal_code="ALM-012", state="approved",
                          approved_date=date(2025, 1, 1), approved_by="Leder",
                          advice_supervisor="Veileder")
    field, text = message(status)
    assert field == "advice_clinical" and "§ 26" in text
    status.advice_clinical = "Supervisør"
    status.validate()


def test_supervision_hours_bounds():
    s = m.SupervisionSession(doctor_id=1, supervisor_id=1, date=date(2025, 1, 1), hours=0)
    assert message(s)[0] == "hours"
    s.hours = 8.25
    assert message(s)[0] == "hours"
    s.hours = 8
    s.validate()


def test_placement_needs_sane_dates_and_percent():
    p = m.Placement(doctor_id=1, arena_id=1, start_date=date(2025, 2, 1),
                    end_date=date(2025, 1, 1))
    assert message(p) == ("end_date", "Sluttdato kan ikke være før startdato.")
    p.end_date = date(2025, 3, 1)
    p.position_pct = 120
    assert message(p)[0] == "position_pct"


def test_every_kind_round_trips_through_plain_form():
    """Every record kind survives to_plain/from_plain for JSON and for storage."""
    for kind, cls in RECORD_KINDS.items():
        record = cls()
        for for_json in (True, False):
            assert from_plain(cls, to_plain(record, for_json=for_json)) == record, kind


def test_from_plain_rejects_wrong_types_and_unknown_fields():
    with pytest.raises(ValidationError) as exc:
        from_plain(m.Doctor, {"name": "A", "start_date": "01.01.2024"})
    assert exc.value.field == "start_date"
    with pytest.raises(ValidationError) as exc:
        from_plain(m.Doctor, {"name": "A", "nmae": "B"})
    assert exc.value.field == "nmae"
    with pytest.raises(ValidationError):
        from_plain(m.Placement, {"position_pct": True})


def test_validated_is_the_one_door():
    with pytest.raises(ValidationError):
        validated(m.Doctor, {"name": "", "start_date": "2024-01-01"})
    assert validated(m.Doctor, {"name": "A", "start_date": "2024-01-01"}).name == "A"


def test_doctor_status_words():
    d = doctor(end_date=date(2025, 6, 30), end_reason="Spesialistgodkjent")
    assert d.status(date(2024, 6, 1)) == "Aktiv"
    assert d.status(date(2025, 7, 1)) == "Avsluttet"
    assert d.status(date(2023, 12, 31)) == "Ikke startet"
