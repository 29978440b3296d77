"""The attestation's content (alis_desktop.attestation): assembly from domain records, the
completeness rule that refuses printing, numbering, and the counted service per period."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from alis_desktop.attestation import (
    AttestationIncomplete, AttestationInputs, assemble, check_complete, counted_in_period,
    missing_fields, next_number,
)
from alis_desktop.dates import years_months
from alis_desktop.demo import generate
from alis_desktop.errors import ValidationError
from alis_desktop.models import Activity, Doctor, Leave, Municipality, Placement, Supervisor
from alis_desktop.models import SupervisorAssignment
from alis_desktop.requirements import evaluate

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo():
    records = generate(doctors=12, seed=1, today=TODAY)
    by_doctor = {}
    for d in records["doctors"]:
        by_doctor[d.id] = SimpleNamespace(doctor=d, **{
            kind: [r for r in records[kind] if r.doctor_id == d.id]
            for kind in ("placements", "leaves", "activities", "supervision_sessions",
                         "goal_statuses", "meetings", "supervisor_assignments")})
    return SimpleNamespace(
        municipality=records["municipality"][0], bundles=by_doctor,
        arenas={a.id: a for a in records["arenas"]},
        supervisors={s.id: s for s in records["supervisors"]})


def attest(demo, doctor_id, **kw):
    return assemble(demo.municipality, demo.bundles[doctor_id], arenas=demo.arenas,
                    supervisors=demo.supervisors, as_of=TODAY, **kw)


def started(demo):
    return [did for did, b in demo.bundles.items()
            if any(p.status == "completed" for p in b.placements)]


def test_whole_training_counts_exactly_what_the_rules_engine_counts(demo):
    for did in started(demo):
        b = demo.bundles[did]
        data = attest(demo, did)
        progress = evaluate(b.doctor, b.placements, b.leaves, as_of=data.period_end)
        assert data.counted_total == pytest.approx(progress.counted_months, abs=1e-9)
        assert years_months(data.counted_total) == years_months(progress.counted_months)
        for cat, months in progress.months_by_category.items():
            assert data.counted_by_category[cat] == pytest.approx(months, abs=1e-9)


def test_demo_attestations_are_complete(demo):
    """Every demo doctor with service has all the fields (defaults proposed from the data),
    except the one who has had no course yet (teaching is then empty)."""
    for did in started(demo):
        missing = missing_fields(attest(demo, did))
        assert missing in ([], ["undervisning"]), (did, missing)


def test_periods_add_up(demo):
    """Counted service of two adjacent periods sums to that of the whole (absence beyond
    the allowance is charged once, where it falls)."""
    for did in started(demo):
        b = demo.bundles[did]
        done = [p for p in b.placements if p.status == "completed"]
        start = b.doctor.start_date
        end = min(TODAY, max(p.end_date for p in done))
        mid = start + (end - start) / 2
        whole = counted_in_period(b.doctor, done, b.leaves, start, end)
        first = counted_in_period(b.doctor, done, b.leaves, start, mid)
        second = counted_in_period(b.doctor, done, b.leaves, mid + timedelta(days=1), end)
        assert sum(first.values()) + sum(second.values()) == pytest.approx(
            sum(whole.values()), abs=1e-6)


def test_sub_period_lists_placements_clipped_to_it(demo):
    did = max(started(demo))  # the doctor with the longest training
    data = attest(demo, did, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31))
    assert data.services
    assert all(date(2024, 1, 1) <= s.start <= s.end <= date(2024, 12, 31)
               for s in data.services)
    assert 0 < data.counted_total <= 12 + 1e-9


def test_chosen_placements_only(demo):
    did = max(started(demo))
    first = min((p for p in demo.bundles[did].placements if p.status == "completed"),
                key=lambda p: p.start_date)
    data = attest(demo, did, placement_ids=[first.id])
    assert [s.placement_id for s in data.services] == [first.id]
    assert data.period_start == first.start_date and data.period_end == first.end_date


def test_planned_placement_cannot_be_attested(demo):
    did, planned = next((did, p) for did, b in demo.bundles.items() for p in b.placements
                        if p.status == "planned")
    with pytest.raises(ValidationError, match="Foreløpig tjeneste"):
        attest(demo, did, placement_ids=[planned.id])


def test_period_ending_in_the_future_is_refused(demo):
    did = max(started(demo))
    with pytest.raises(ValidationError) as err:
        attest(demo, did, period_end=TODAY + timedelta(days=1))
    assert err.value.field == "period_end"


def test_doctor_without_service_is_refused(demo):
    did = next(did for did, b in demo.bundles.items() if b.doctor.start_date > TODAY)
    with pytest.raises(ValidationError, match="ingen avtalt tjeneste"):
        attest(demo, did)


def test_missing_fields_are_named_in_norwegian(demo):
    data = attest(demo, max(started(demo)))
    assert missing_fields(data) == []
    broken = replace(data, hpr_number="", org_number=" ", head_of_service_name="")
    assert missing_fields(broken) == ["organisasjonsnummer", "HPR-nummer",
                                      "navn på tjenestens leder"]
    with pytest.raises(AttestationIncomplete) as err:
        check_complete(broken)
    assert "organisasjonsnummer, HPR-nummer, navn på tjenestens leder" in err.value.message
    assert err.value.field == "org_number"


def test_supervisor_without_specialist_approval_is_missing(demo):
    data = attest(demo, max(started(demo)))
    vague = replace(data.supervisors[0], qualification="")
    assert missing_fields(replace(data, supervisors=(vague,))) == [
        "veileder (navn og spesialistgodkjenning)"]
    assert "veileder (navn og spesialistgodkjenning)" in missing_fields(
        replace(data, supervisors=()))


def test_unanswered_satisfactory_is_missing_but_no_is_an_answer(demo):
    data = attest(demo, max(started(demo)))
    assert missing_fields(replace(data, satisfactory=None)) == [
        "om tjenesten er tilfredsstillende"]
    assert missing_fields(replace(data, satisfactory=False)) == []


def test_inputs_override_the_proposals(demo):
    did = max(started(demo))
    proposed = attest(demo, did)
    assert "Grunnkurs A" in proposed.teaching  # courses in the period
    assert proposed.on_call.startswith(demo.bundles[did].doctor.on_call_arrangement)
    assert proposed.satisfactory is True       # last meeting: satisfactory progress
    given = attest(demo, did, inputs=AttestationInputs(
        teaching="Internundervisning hver tirsdag", on_call="", content="Fastlegepraksis",
        satisfactory=False))
    assert given.teaching == "Internundervisning hver tirsdag"
    assert given.content == "Fastlegepraksis" and given.satisfactory is False
    assert missing_fields(given) == ["vaktordning"]


def test_supervisor_qualification_text():
    m = Municipality(name="K", place="K")
    d = Doctor(id=1, name="A", start_date=date(2024, 1, 1), on_call_arrangement="Legevakt")
    sups = {1: Supervisor(id=1, name="Spesialist", specialist=True),
            2: Supervisor(id=2, name="Fritatt", specialist=False,
                          exemption_until=date(2025, 6, 30))}
    bundle = SimpleNamespace(
        doctor=d, placements=[Placement(id=1, doctor_id=1, arena_id=1, start_date=date(2024, 1, 1),
                                        end_date=date(2024, 12, 31))],
        leaves=[Leave(doctor_id=1, kind="holiday", start_date=date(2024, 7, 1),
                      end_date=date(2024, 7, 21)),
                Leave(doctor_id=1, kind="sickness", start_date=date(2024, 3, 1),
                      end_date=date(2024, 3, 10), pct=50)],
        activities=[Activity(doctor_id=1, kind="internal_teaching", date=date(2024, 2, 1),
                             title="Internundervisning: astma", hours=1.5)],
        supervision_sessions=[], goal_statuses=[], meetings=[],
        supervisor_assignments=[
            SupervisorAssignment(doctor_id=1, supervisor_id=2, start_date=date(2024, 1, 1),
                                 end_date=date(2024, 6, 30)),
            SupervisorAssignment(doctor_id=1, supervisor_id=1, start_date=date(2024, 7, 1))])
    data = assemble(m, bundle, arenas={}, supervisors=sups, as_of=date(2025, 1, 10))
    assert [s.qualification for s in data.supervisors] == [
        "Ikke spesialist; tidsbegrenset dispensasjon fra Helsedirektoratet til 30.06.2025",
        "Spesialist i allmennmedisin"]
    assert data.supervisors[1].end == date(2024, 12, 31)
    # Holiday is not "absence beyond statutory holiday"; sickness is, with its percentage.
    assert [(a.kind, a.pct) for a in data.absences] == [("sickness", 50.0)]
    assert data.teaching == "01.02.2024: Internundervisning: astma (1,5 t)"
    assert data.counted_total == pytest.approx(12.0)


def test_numbers_run_per_year():
    assert next_number([], 2026) == "2026-001"
    assert next_number(["2026-001", "2026-009", "2025-044", "rubbish"], 2026) == "2026-010"
    assert next_number(["2025-044"], 2026) == "2026-001"
    assert next_number(["2026-999"], 2026) == "2026-1000"
