"""The waiting list for institution service (alis_desktop.institution): each priority
criterion decides a hand-made case, ties fall to the next criterion, the two-years rule,
overrides, request status, reminders."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest

from alis_desktop.catalog import catalog
from alis_desktop.errors import ValidationError
from alis_desktop.institution import (
    LOCUM_LONG, LOCUM_SHORT, OWN_LIST, PERMANENT, Candidate, attachment_of, candidate,
    check_request, check_transition, decline, general_practice_months, next_statuses, rank,
    reminders, waiting_list,
)
from alis_desktop.models import (
    Doctor, GoalStatus, InstitutionPost, InstitutionRequest, Placement,
)
from alis_desktop.requirements import evaluate

D = date
TODAY = D(2026, 11, 26)
_ids = iter(range(1, 10_000))


def cand(name, *, attachment=PERMANENT, counted=40.0, remaining=None, goals=(50, 100),
         activities=50.0, short=False, interrupted=False, reported=None, start=D(2027, 9, 1),
         override=None, note="", municipality="Fjordvik", locum_months=None):
    """A candidate with every criterion spelt out (remaining = 60 - counted by default)."""
    rid = next(_ids)
    doctor = Doctor(id=rid, name=name, start_date=D(2022, 1, 1))
    request = InstitutionRequest(id=rid, doctor_id=rid, desired_start=start,
                                 reported_date=reported, interrupted=interrupted,
                                 priority_override=override, override_note=note)
    if attachment in (LOCUM_LONG, LOCUM_SHORT) and locum_months is None:
        locum_months = 18.0 if attachment == LOCUM_LONG else 8.0
    return Candidate(request=request, doctor=doctor, attachment=attachment,
                     locum_months=locum_months, counted_months=counted,
                     remaining_months=60.0 - counted if remaining is None else remaining,
                     goals_done=goals[0], goals_required=goals[1], activities_pct=activities,
                     short_of_specialists=short, municipality=municipality)


def names(entries):
    return [e.doctor.name for e in entries]


def shuffled(*cands):
    items = list(cands)
    random.Random(7).shuffle(items)
    return items


# ----------------------------------------------------------------- each criterion decides


def test_attachment_decides_permanent_own_list_then_locums():
    """Permanent > own list > locum of >= 1 year > shorter locum, even against more time."""
    entries = rank(shuffled(
        cand("Vikar kort", attachment=LOCUM_SHORT, counted=50),
        cand("Fast", attachment=PERMANENT, counted=30),
        cand("Vikar lang", attachment=LOCUM_LONG, counted=55),
        cand("Hjemmel", attachment=OWN_LIST, counted=45)))
    assert names(entries) == ["Fast", "Hjemmel", "Vikar lang", "Vikar kort"]
    assert [e.rank for e in entries] == [1, 2, 3, 4]
    assert entries[0].reason.startswith("Øverst: fast ansatt kommunalt")
    assert "tilknytning: fastlege med egen hjemmel kommer etter fast ansatt" in entries[1].reason
    assert "vikar under 1 år (8 mnd) kommer etter vikar i minst 1 år (18 mnd)" in \
        entries[3].reason


def test_least_remaining_time_decides_within_the_same_attachment():
    """Among equals in attachment, fewer months left goes first, whatever the progress."""
    entries = rank([cand("Lang vei", counted=30, goals=(90, 100), activities=90),
                    cand("Nesten ferdig", counted=48, goals=(10, 100), activities=10)])
    assert names(entries) == ["Nesten ferdig", "Lang vei"]
    assert "lengre gjenstående tid: 30 mnd igjen mot 12 mnd for Nesten ferdig" in \
        entries[1].reason


def test_progress_decides_when_counted_time_is_equal_in_whole_months():
    """20,2 and 20,9 months left are the same month: approved goals and activities decide."""
    entries = rank([cand("Treg", counted=39.8, goals=(40, 100), activities=40),
                    cand("Rask", counted=39.1, goals=(70, 100), activities=60)])
    assert names(entries) == ["Rask", "Treg"]
    assert "lik tellende tid som Rask (21 mnd igjen); lavere progresjon: 40 % mot 65 %" in \
        entries[1].reason


def test_shortage_of_specialists_breaks_a_tie_between_municipalities():
    """Lists merged from two files: the municipality short of specialists wins a full tie."""
    entries = rank([cand("Fra Nordby", municipality="Nordby"),
                    cand("Fra Fjordvik", municipality="Fjordvik", short=True)])
    assert names(entries) == ["Fra Fjordvik", "Fra Nordby"]
    assert "Fra Fjordvik er fra en kommune med mangel på spesialister" in entries[1].reason


def test_shortage_never_outweighs_an_earlier_criterion():
    """The tie-break only applies when the four criteria are equal."""
    entries = rank([cand("Mangel", short=True, goals=(40, 100)),
                    cand("Ikke mangel", short=False, goals=(60, 100))])
    assert names(entries) == ["Ikke mangel", "Mangel"]


def test_full_tie_goes_to_the_earlier_report_then_the_name():
    """Equal on everything: reported earlier first (003), then desired start, then name."""
    entries = rank(shuffled(
        cand("Berit", reported=D(2026, 10, 1)),
        cand("Anne", reported=D(2026, 10, 1)),
        cand("Cecilie", reported=D(2026, 9, 1)),
        cand("Dina", reported=None)))
    assert names(entries) == ["Cecilie", "Anne", "Berit", "Dina"]
    assert "Cecilie ble meldt til koordinator tidligere (01.09.2026" in entries[1].reason
    assert "likt på alle kriteriene med Anne; ordnet etter navn" in entries[2].reason
    assert "ikke meldt ennå" in entries[3].reason


def test_interrupted_service_ranks_above_every_criterion_and_is_eligible():
    """An interrupted service (pregnancy, illness) ranks high, even under 2 years."""
    entries = rank([cand("Fast", attachment=PERMANENT, counted=50),
                    cand("Avbrutt", attachment=LOCUM_SHORT, counted=20, interrupted=True)])
    assert names(entries) == ["Avbrutt", "Fast"]
    assert entries[0].candidate.eligible
    assert entries[0].reason.startswith("Øverst: avbrutt institusjonstjeneste prioriteres høyt")
    assert "ALIS vil da ligge høyt oppe på prioriteringslisten" in entries[0].reason
    assert "Avbrutt har avbrutt institusjonstjeneste" in entries[1].reason


def test_the_order_does_not_depend_on_the_input_order():
    """Same candidates in any order give the same list (ties are fully broken)."""
    people = [cand(n, reported=D(2026, 9, k + 1)) for k, n in enumerate("ABCDEFG")]
    first = names(rank(people))
    for seed in range(5):
        items = list(people)
        random.Random(seed).shuffle(items)
        assert names(rank(items)) == first


# ----------------------------------------------------------------- two years of service


def test_under_two_years_is_listed_last_with_the_reason():
    """23,9 counted months, 24 only after the desired start: not eligible, after every
    eligible doctor, whatever else."""
    young = cand("Ung", attachment=PERMANENT, counted=23.9, start=D(2026, 12, 1))
    young = dataclasses.replace(young, eligible_from=D(2026, 12, 30))
    entries = rank([young, cand("Eldre vikar", attachment=LOCUM_SHORT, counted=24.0)])
    assert names(entries) == ["Eldre vikar", "Ung"]
    assert entries[0].candidate.eligible and not entries[1].candidate.eligible
    assert entries[1].reason.startswith(
        "Ikke aktuell ennå: under 2 års tellende tjeneste (23,9 mnd); når 2 år ca. 30.12.2026.")
    assert "Eldre vikar er den siste aktuelle" in entries[1].reason


def test_two_years_by_the_desired_start_is_eligible():
    """The rule is about when the service begins: 20 months now, 24 before the start."""
    soon = dataclasses.replace(cand("Snart", attachment=PERMANENT, counted=20.0,
                                    start=D(2027, 9, 1)), eligible_from=D(2027, 3, 31))
    late = dataclasses.replace(cand("Sent", attachment=PERMANENT, counted=20.0,
                                    start=D(2027, 3, 1)), eligible_from=D(2027, 3, 31))
    entries = rank([late, cand("Vikar", attachment=LOCUM_LONG, counted=30), soon])
    assert names(entries) == ["Snart", "Vikar", "Sent"]
    assert entries[0].candidate.eligible and not entries[2].candidate.eligible
    assert entries[0].reason.endswith(
        "Når 2 års tellende tjeneste ca. 31.03.2027, før ønsket start 01.09.2027")
    no_start = dataclasses.replace(cand("Uten", counted=20.0, start=None),
                                   eligible_from=D(2027, 3, 31))
    assert not no_start.eligible


def test_not_eligible_doctors_are_ordered_by_the_same_criteria():
    entries = rank([cand("Vikar", attachment=LOCUM_LONG, counted=20),
                    cand("Fast", attachment=PERMANENT, counted=10)])
    assert names(entries) == ["Fast", "Vikar"]
    assert not any(e.candidate.eligible for e in entries)


def test_eligible_from_is_estimated_at_the_current_position_percent():
    """18 months counted, working 50 %: 6 months more take 12 calendar months."""
    doctor = Doctor(id=1, name="Kari", start_date=D(2023, 11, 1))
    placements = [Placement(doctor_id=1, arena_id=1, category="gp_unselected",
                            start_date=D(2023, 11, 1), end_date=D(2024, 10, 31),
                            position_pct=100.0, status="completed"),
                  Placement(doctor_id=1, arena_id=1, category="gp_unselected",
                            start_date=D(2024, 11, 1), end_date=D(2029, 12, 31),
                            position_pct=50.0, status="completed")]
    progress = evaluate(doctor, placements, [], as_of=D(2025, 10, 31))
    assert progress.counted_months == pytest.approx(18.0)
    c = candidate(InstitutionRequest(doctor_id=1), doctor, progress, placements)
    assert not c.eligible
    assert c.eligible_from == D(2026, 10, 31)


# ----------------------------------------------------------------- facts from the rules engine


def test_candidate_reads_counted_time_and_goals_from_the_rules_engine():
    doctor = Doctor(id=1, name="Kari", start_date=D(2022, 1, 1), employment="own_list")
    placements = [Placement(doctor_id=1, arena_id=1, category="gp_unselected",
                            start_date=D(2022, 1, 1), end_date=D(2024, 12, 31),
                            status="completed")]
    approved = [GoalStatus(doctor_id=1, goal_code=code, catalog_version="ALM",
                           state="approved", approved_date=D(2024, 6, 1), approved_by="Leder",
                           advice_supervisor="V", advice_clinical="S")
                for code in ("ALM-001", "ALM-002", "ALM-003")]
    progress = evaluate(doctor, placements, [], goal_statuses=approved, as_of=D(2024, 12, 31),
                        goals=tuple(catalog()))
    c = candidate(InstitutionRequest(doctor_id=1), doctor, progress, placements)
    assert c.counted_months == pytest.approx(36.0)
    assert c.remaining_months == pytest.approx(24.0)
    assert c.attachment == OWN_LIST and c.locum_months is None
    assert c.goals_done == 3 and c.goals_required == progress.requirement("alm_goals").required \
        + progress.requirement("fkm_goals").required
    assert c.eligible


def test_locum_length_comes_from_the_general_practice_placements():
    """Union of GP placements, planned ones included, overlaps counted once."""
    locum = Doctor(id=1, name="Vikar", employment="locum", start_date=D(2025, 1, 1))

    def gp(s, e, status="completed", cat="gp_unselected"):
        return Placement(doctor_id=1, arena_id=1, category=cat, start_date=s, end_date=e,
                         status=status)
    long_ = [gp(D(2025, 1, 1), D(2025, 8, 31)), gp(D(2025, 6, 1), D(2025, 10, 31), cat="gp_other"),
             gp(D(2025, 11, 1), D(2025, 12, 31), "planned"),
             gp(D(2026, 1, 1), D(2026, 6, 30), cat="institution")]
    assert general_practice_months(long_) == pytest.approx(12.0)
    assert attachment_of(locum, long_) == (LOCUM_LONG, pytest.approx(12.0))
    assert attachment_of(locum, long_[:2])[0] == LOCUM_SHORT
    assert attachment_of(Doctor(employment="permanent"), long_[:1]) == (PERMANENT, None)


# ----------------------------------------------------------------- the leader's override


def test_override_puts_the_request_at_its_place_with_the_note():
    entries = rank([cand("A", counted=50), cand("B", counted=45), cand("C", counted=40),
                    cand("D", counted=30, override=1, note="Avtalt med sykehuset")])
    assert names(entries) == ["D", "A", "B", "C"]
    d = entries[0]
    assert d.overridden and d.computed_rank == 4 and d.rank == 1
    assert d.reason.startswith("Overstyrt av leder til plass 1: Avtalt med sykehuset "
                               "(etter kriteriene plass 4: ")
    assert [e.computed_rank for e in entries[1:]] == [1, 2, 3]


def test_override_beyond_the_end_puts_the_request_last():
    entries = rank([cand("A", counted=30, override=9, note="Ønsker å vente"),
                    cand("B", counted=45)])
    assert names(entries) == ["B", "A"]


def test_override_needs_a_note():
    with pytest.raises(ValidationError) as err:
        check_request(InstitutionRequest(doctor_id=1, priority_override=2))
    assert err.value.field == "override_note"


# ----------------------------------------------------------------- the list of one file


def _file(status_by_name: dict, **doctor_kw):
    doctors, requests, progress, placements = {}, [], {}, {}
    for i, (name, status) in enumerate(status_by_name.items(), start=1):
        d = Doctor(id=i, name=name, start_date=D(2022, 1, 1), **doctor_kw.get(name, {}))
        pls = [Placement(doctor_id=i, arena_id=1, category="gp_unselected",
                         start_date=D(2022, 1, 1), end_date=D(2025, 12, 31), status="completed")]
        doctors[i], placements[i] = d, pls
        progress[i] = evaluate(d, pls, [], as_of=TODAY)
        requests.append(InstitutionRequest(id=i, doctor_id=i, status=status))
    return requests, doctors, progress, placements


def test_waiting_list_holds_active_requests_of_doctors_in_training():
    """Accepted and done requests, and archived or ended doctors, are not on the list;
    a declined offer keeps its place."""
    requests, doctors, progress, placements = _file(
        {"Ønsket": "wanted", "Meldt": "reported", "Tilbudt": "offered", "Avslo": "declined",
         "Akseptert": "accepted", "Ferdig": "done", "Arkivert": "wanted", "Sluttet": "wanted"},
        Arkivert={"archived": True},
        Sluttet={"end_date": D(2026, 1, 1), "end_reason": "Sluttet"})
    entries = waiting_list(requests, doctors, progress, placements, short_of_specialists=True,
                           municipality="Fjordvik")
    assert sorted(names(entries)) == ["Avslo", "Meldt", "Tilbudt", "Ønsket"]
    assert all(e.candidate.short_of_specialists for e in entries)


# ----------------------------------------------------------------- request status


def test_status_moves_along_its_course():
    check_transition("wanted", "reported")
    check_transition("offered", "declined")
    check_transition("declined", "reported")
    assert next_statuses("offered") == ("offered", "accepted", "declined", "reported",
                                        "withdrawn")
    with pytest.raises(ValidationError) as err:
        check_transition("wanted", "done")
    assert err.value.field == "status"
    assert "fra «Ønsket» til «Gjennomført»" in err.value.message
    assert "«Meldt», «Tilbudt»" in err.value.message


def test_a_declined_offer_waits_for_the_next_period():
    """Declining moves the desired period one half-year on, same length, noted."""
    r = InstitutionRequest(id=1, doctor_id=1, status="offered", desired_start=D(2027, 3, 1),
                           desired_end=D(2027, 8, 31), notes="Ønsker medisin")
    after = decline(r, TODAY)
    assert after.status == "declined"
    assert (after.desired_start, after.desired_end) == (D(2027, 9, 1), D(2028, 2, 29))
    assert after.notes == "Ønsker medisin\nAvslo tilbud 26.11.2026."
    assert r.status == "offered"  # the original is untouched
    with pytest.raises(ValidationError):
        decline(InstitutionRequest(doctor_id=1, status="wanted"), TODAY)


def test_a_declined_offer_for_a_past_period_moves_past_today():
    r = InstitutionRequest(doctor_id=1, status="offered", desired_start=D(2026, 3, 1),
                           desired_end=D(2026, 5, 31))
    after = decline(r, TODAY)
    assert (after.desired_start, after.desired_end) == (D(2027, 3, 1), D(2027, 5, 31))


def test_request_rules_refuse_short_periods_and_undated_reports():
    with pytest.raises(ValidationError) as err:
        check_request(InstitutionRequest(doctor_id=1, desired_start=D(2027, 3, 1),
                                         desired_end=D(2027, 5, 15)))
    assert err.value.field == "desired_end" and "minst 3 måneder" in err.value.message
    with pytest.raises(ValidationError) as err:
        check_request(InstitutionRequest(doctor_id=1, status="reported"))
    assert err.value.field == "reported_date"
    check_request(InstitutionRequest(doctor_id=1, status="reported", reported_date=TODAY,
                                     desired_start=D(2027, 3, 1), desired_end=D(2027, 5, 31)))


# ----------------------------------------------------------------- reminders


def _post(dept, start, end, doctor_id=None):
    return InstitutionPost(institution="Sykehuset", department=dept, period_start=start,
                           period_end=end, doctor_id=doctor_id)


def test_reminders_six_months_before_a_period():
    names_ = {1: "Kari", 2: "Ola", 3: "Per", 4: "Lise"}
    requests = [
        InstitutionRequest(doctor_id=1, status="wanted", desired_start=D(2027, 3, 1)),
        InstitutionRequest(doctor_id=2, status="offered", desired_start=D(2027, 3, 1)),
        InstitutionRequest(doctor_id=3, status="wanted", desired_start=D(2027, 9, 1)),
        InstitutionRequest(doctor_id=4, status="accepted", desired_start=D(2027, 3, 1)),
    ]
    posts = [_post("Medisin", D(2027, 3, 1), D(2027, 8, 31)),
             _post("Barn", D(2027, 3, 1), D(2027, 8, 31), doctor_id=4),
             _post("Kirurgi", D(2027, 9, 1), D(2028, 2, 29))]
    assert reminders(TODAY, requests, posts, names=names_) == [
        "Perioden mar.–aug. 2027 (fra 01.03.2027): meld til koordinatoren: Kari.",
        "Perioden mar.–aug. 2027 (fra 01.03.2027): tilbud venter på svar: Ola.",
        "Perioden mar.–aug. 2027 (fra 01.03.2027): 1 ledig post (Medisin); tildel fra "
        "ventelisten.",
    ]
    # Before the window opens (six months ahead) nothing is said about March 2027.
    assert reminders(D(2026, 8, 31), requests, posts, names=names_) == []
    # On 1 March 2027 the March period has begun; September's window opens.
    on_march = reminders(D(2027, 3, 1), requests, posts, names=names_)
    assert on_march[0].startswith("Ønsket start er passert uten tildelt plass: Kari.")
    assert "Perioden sep. 2027–feb. 2028 (fra 01.09.2027): meld til koordinatoren: Per." \
        in on_march
    assert any("1 ledig post (Kirurgi)" in line for line in on_march)
