"""The rules engine (alis_desktop.requirements): requirements, caps, deviations, projection.

Expected figures are worked out by hand in each test's comments (months by § 31)."""

from __future__ import annotations

import copy
import csv
import dataclasses
import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alis_desktop.catalog import catalog
from alis_desktop.models import (
    Activity, Doctor, GoalStatus, Leave, Placement, ReviewMeeting, RuleDeviation,
    SupervisionSession,
)
from alis_desktop.requirements import (
    STATUSES, Progress, RequirementResult, Rules, evaluate, load_rules,
)
from alis_desktop.resources import resource_path
from alis_desktop.vocab import COUNTING_LEAVE, ServiceCategory

D = date


def doctor(start=D(2020, 1, 1), regime="new", **kw):
    return Doctor(id=1, name="Kari Lege", start_date=start, regime=regime, **kw)


def pl(start, end, cat="gp_unselected", pct=100.0, status="completed", arena=1, dept=""):
    return Placement(doctor_id=1, arena_id=arena, category=cat, start_date=start,
                     end_date=end, position_pct=pct, status=status, department=dept)


def lv(start, end, kind="sickness", pct=100.0):
    return Leave(doctor_id=1, kind=kind, start_date=start, end_date=end, pct=pct)


def act(kind, day, hours=None, out_of_hours=False, code="", title=""):
    return Activity(doctor_id=1, kind=kind, date=day, hours=hours, out_of_hours=out_of_hours,
                    course_code=code, title=title)


def approx(x):
    return pytest.approx(x, abs=1e-9)


FIVE_YEARS = [pl(D(2020, 1, 1), D(2022, 12, 31)),
              pl(D(2023, 1, 1), D(2023, 6, 30), "institution", arena=2, dept="Medisin"),
              pl(D(2023, 7, 1), D(2024, 12, 31), "gp_other", arena=3)]


# ----------------------------------------------------------------- the rules file


def test_rules_file_loads_with_a_kind_and_basis_for_every_rule():
    """Every rule is a regulation rule citing a § or a plan rule naming its source."""
    rules = load_rules()
    assert rules.absence_allowance == pytest.approx(0.10)
    for spec in rules.rules:
        assert spec.kind in ("regulation", "plan")
        if spec.kind == "regulation":
            assert "§" in spec.basis
        else:
            assert "plan" in spec.basis.lower()


def test_counting_leave_kinds_match_the_vocabulary():
    """rules.json and vocab.COUNTING_LEAVE agree on which absence counts as service."""
    assert load_rules().counting_leave_kinds == {k.value for k in COUNTING_LEAVE}


def test_required_courses_exist_in_the_course_list():
    """Every course code a rule asks for is in resources/goals/courses.csv."""
    with open(resource_path("goals", "courses.csv"), encoding="utf-8") as fh:
        known = {row["code"] for row in csv.DictReader(fh)}
    for spec in load_rules().rules:
        for code in spec.get("codes", ()):
            assert code in known
        if spec.check == "topic_courses":
            assert spec.get("course_code") in known


def test_a_changed_regulation_is_an_edit_of_the_data():
    """Raising the fastlege minimum to 40 months in the data changes the result."""
    with open(resource_path("rules.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    for r in data["rules"]:
        if r["id"] == "gp_unselected_min":
            r["required"] = 40
    rules = Rules.from_dict(data)
    got = evaluate(doctor(), FIVE_YEARS, [], as_of=D(2024, 12, 31), rules=rules)
    assert got.requirement("gp_unselected_min").required == 40
    assert got.requirement("gp_unselected_min").status != "met"


def test_rules_file_errors_are_caught_on_load():
    """A rule with an unknown check or missing parameter is refused when loaded."""
    with open(resource_path("rules.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    bad = copy.deepcopy(data)
    bad["rules"][0]["check"] = "nonsense"
    with pytest.raises(ValueError, match="unknown check"):
        Rules.from_dict(bad)
    bad = copy.deepcopy(data)
    del bad["rules"][1]["required"]
    with pytest.raises(ValueError, match="missing required"):
        Rules.from_dict(bad)


def test_only_plan_rules_are_deviable():
    """The deviation dialog offers plan rules only."""
    rules = load_rules()
    ids = {s.id for s in rules.deviable()}
    assert {"gp_other_max", "gp_total_max", "institution_min", "on_call"} <= ids
    assert "total_service" not in ids and "gp_unselected_min" not in ids
    assert "institution_min" not in {s.id for s in rules.deviable("old")}


def test_supervision_preparation_is_a_parameter():
    """1.5 h/month in 10.5 months is kept as data for the payroll views."""
    params = load_rules().parameters
    assert params["supervision_preparation_hours_per_month"] * \
        params["supervision_preparation_months_per_year"] == pytest.approx(15.75)


# ----------------------------------------------------------------- service rules


def test_full_time_five_years_mixed_categories_complete():
    """36 fastlege + 6 institution + 18 annen allmenn = 60 counted months: complete."""
    got = evaluate(doctor(), FIVE_YEARS, [], as_of=D(2024, 12, 31))
    assert got.counted_months == approx(60)
    assert got.pct_complete == approx(100)
    assert got.months_by_category == {"gp_unselected": approx(36), "institution": approx(6),
                                      "gp_other": approx(18), "other_specialty": approx(0)}
    for rid in ("total_service", "gp_unselected_min", "institution_min", "gp_total_max",
                "gp_other_max", "other_specialty_max", "absence"):
        assert got.requirement(rid).status == "met", rid
    assert got.requirement("gp_total_max").done == approx(54)  # 36 + 18, exactly at the cap
    assert got.projected_completion == D(2024, 12, 31)
    assert got.projection_note == "Tjenestekravene ble oppfylt 31.12.2024."


def test_part_time_sixty_percent_extends_the_projection():
    """60 %: 36 done + 7.2 institution + 7.2 fastlege planned = 50.4 at end of 2026;
    9.6 more at 60 % take 16 months from 01.01.2027 -> 30.04.2028."""
    placements = [pl(D(2020, 1, 1), D(2024, 12, 31), pct=60),
                  pl(D(2025, 1, 1), D(2025, 12, 31), "institution", 60, "planned", arena=2),
                  pl(D(2026, 1, 1), D(2026, 12, 31), pct=60, status="planned")]
    got = evaluate(doctor(), placements, [], as_of=D(2024, 12, 31))
    assert got.counted_months == approx(36)
    assert got.pct_complete == approx(60)
    assert got.projected_completion == D(2028, 4, 30)
    assert got.projection_note == ("Fremskrevet: forutsetter fortsatt åpen uselektert "
                                   "allmennpraksis i 60 % stilling fra 01.01.2027.")
    inst = got.requirement("institution_min")
    assert inst.planned == approx(3.6)   # 6 months at 60 % within the next 6 months
    assert inst.status == "ok_so_far"
    assert got.requirement("total_service").status == "ok_so_far"


def test_gp_below_fifty_percent_counts_in_total_but_not_toward_two_years():
    """12 mnd at 100 % + 24 mnd at 40 % fastlege: total 12 + 9.6 = 21.6, minimum 12."""
    placements = [pl(D(2020, 1, 1), D(2020, 12, 31)),
                  pl(D(2021, 1, 1), D(2022, 12, 31), pct=40)]
    got = evaluate(doctor(), placements, [], as_of=D(2022, 12, 31))
    assert got.counted_months == approx(21.6)
    req = got.requirement("gp_unselected_min")
    assert req.done == approx(12)
    assert req.remaining == approx(12)
    assert "9,6 mnd i stillinger under 50 %" in req.detail


def test_sickness_over_the_allowance_is_deducted_and_flagged():
    """24 months with 4 months' sickness: 1.6 deducted, 22.4 counted; behind (> 1 month)."""
    got = evaluate(doctor(D(2022, 1, 1)), [pl(D(2022, 1, 1), D(2023, 12, 31))],
                   [lv(D(2023, 1, 1), D(2023, 4, 30))], as_of=D(2023, 12, 31))
    assert got.counted_months == approx(22.4)
    absence = got.requirement("absence")
    assert (absence.required, absence.done, absence.met) == (approx(2.4), approx(4), False)
    assert absence.status == "behind"
    assert absence.detail == "Trukket fra: 1,6 mnd"
    assert got.requirement("total_service").status == "behind"
    assert got.behind_plan


def test_sickness_under_the_allowance_is_not_deducted():
    """24 months with 2 months' sickness: within 2.4, all 24 count, absence rule met."""
    got = evaluate(doctor(D(2022, 1, 1)), [pl(D(2022, 1, 1), D(2023, 12, 31))],
                   [lv(D(2023, 1, 1), D(2023, 2, 28))], as_of=D(2023, 12, 31))
    assert got.counted_months == approx(24)
    assert got.requirement("absence").status == "met"
    assert got.requirement("absence").remaining == approx(0.4)
    assert got.requirement("total_service").status == "ok_so_far"


def test_holiday_and_course_absence_count():
    """Holiday, course and training leave over 5 months of 12 still count all 12 months."""
    leaves = [lv(D(2023, 6, 1), D(2023, 8, 31), "holiday"),
              lv(D(2023, 2, 1), D(2023, 2, 28), "course"),
              lv(D(2023, 10, 1), D(2023, 10, 31), "training")]
    got = evaluate(doctor(D(2023, 1, 1)), [pl(D(2023, 1, 1), D(2023, 12, 31))], leaves,
                   as_of=D(2023, 12, 31))
    assert got.counted_months == approx(12)
    assert got.requirement("absence").done == 0


def test_gap_without_service_puts_the_doctor_behind():
    """12 months, a 6-month gap, 6 months: 18 counted against 24 expected -> behind."""
    placements = [pl(D(2022, 1, 1), D(2022, 12, 31)), pl(D(2023, 7, 1), D(2023, 12, 31))]
    got = evaluate(doctor(D(2022, 1, 1)), placements, [], as_of=D(2023, 12, 31))
    total = got.requirement("total_service")
    assert total.done == approx(18)
    assert total.status == "behind"
    assert total.detail == "Forventet 24 mnd etter tiden i utdanning"


# ----------------------------------------------------------------- institution blocks


def _with_institution(*inst):
    return [pl(D(2020, 1, 1), D(2022, 12, 31)), *inst]


def test_institution_three_plus_three_in_two_departments_counts_six():
    """3 months in Medisin + 3 in Kirurgi, back to back: two blocks of 3, 6 months."""
    got = evaluate(doctor(), _with_institution(
        pl(D(2023, 1, 1), D(2023, 3, 31), "institution", arena=5, dept="Medisin"),
        pl(D(2023, 4, 1), D(2023, 6, 30), "institution", arena=5, dept="Kirurgi")),
        [], as_of=D(2023, 6, 30))
    inst = got.requirement("institution_min")
    assert inst.done == approx(6)
    assert inst.status == "met"


def test_institution_block_under_three_months_does_not_count():
    """2 months in one department + 4 in another: only the 4 count toward the 6."""
    got = evaluate(doctor(), _with_institution(
        pl(D(2023, 1, 1), D(2023, 2, 28), "institution", arena=5, dept="Medisin"),
        pl(D(2023, 3, 1), D(2023, 6, 30), "institution", arena=6, dept="Kirurgi")),
        [], as_of=D(2023, 6, 30))
    inst = got.requirement("institution_min")
    assert inst.done == approx(4)
    assert inst.met is False
    assert inst.detail == "1 blokk(er) under 3 mnd teller ikke"
    assert got.months_by_category["institution"] == approx(6)  # still counts in the total


def test_contiguous_placements_in_one_department_form_one_block():
    """2 + 2 months in the same arena and department are one 4-month block."""
    got = evaluate(doctor(), _with_institution(
        pl(D(2023, 1, 1), D(2023, 2, 28), "institution", arena=5, dept="Medisin"),
        pl(D(2023, 3, 1), D(2023, 4, 30), "institution", arena=5, dept="medisin ")),
        [], as_of=D(2023, 6, 30))
    assert got.requirement("institution_min").done == approx(4)


def test_old_regime_needs_twelve_months_institution():
    """Old regime: 6 months institution is not enough (12, § 37); the new regime is done."""
    placements = [pl(D(2018, 1, 1), D(2021, 12, 31)),
                  pl(D(2022, 1, 1), D(2022, 6, 30), "institution", arena=2),
                  pl(D(2022, 7, 1), D(2023, 12, 31), "gp_other", arena=3)]
    old = evaluate(doctor(D(2018, 1, 1), "old"), placements, [], as_of=D(2023, 12, 31))
    inst = old.requirement("institution_min")
    assert (inst.required, inst.done, inst.kind, inst.basis) == (
        approx(12), approx(6), "regulation", "§ 37 (tidligere regler)")
    # 48 + 18 general practice capped at 54, + 6 institution = 60 counted, but not complete
    assert old.counted_months == approx(60)
    assert old.projected_completion is None
    assert "Planlagt institusjonstjeneste gir 6 mnd i blokker på minst 3 mnd (krav 12 mnd)" \
        in old.projection_note
    deadline = old.requirement("old_regime_deadline")
    assert deadline.status == "behind"
    assert any("Gammel ordning" in w and "31.12.2026" in w for w in old.warnings)

    new = evaluate(doctor(D(2018, 1, 1)), placements, [], as_of=D(2023, 12, 31))
    assert new.requirement("institution_min").status == "met"
    # 48 + 6 by 30.06.2022, + 6 annen allmenn (general practice then at its 54) = 60
    assert new.projected_completion == D(2022, 12, 31)
    assert "old_regime_deadline" not in {r.id for r in new.requirements}


def test_old_regime_on_track_for_the_deadline():
    """Old regime with 6 more institution months planned completes 30.06.2024 < 31.12.2026."""
    placements = [pl(D(2018, 1, 1), D(2021, 12, 31)),
                  pl(D(2022, 1, 1), D(2022, 6, 30), "institution", arena=2),
                  pl(D(2022, 7, 1), D(2023, 12, 31), "gp_other", arena=3),
                  pl(D(2024, 1, 1), D(2024, 6, 30), "institution", status="planned", arena=2)]
    got = evaluate(doctor(D(2018, 1, 1), "old"), placements, [], as_of=D(2023, 12, 31))
    assert got.projected_completion == D(2024, 6, 30)
    assert got.requirement("old_regime_deadline").status == "planned"
    assert got.requirement("institution_min").status == "planned"
    assert not any("Gammel ordning" in w for w in got.warnings)


# ----------------------------------------------------------------- caps


def test_gp_other_counts_at_most_thirty_months():
    """24 fastlege + 36 annen allmenn: 30 of the 36 count, 54 in total; the cap is behind."""
    placements = [pl(D(2020, 1, 1), D(2021, 12, 31)),
                  pl(D(2022, 1, 1), D(2024, 12, 31), "gp_other")]
    got = evaluate(doctor(), placements, [], as_of=D(2024, 12, 31))
    assert got.months_by_category["gp_other"] == approx(30)
    assert got.counted_months == approx(54)
    cap = got.requirement("gp_other_max")
    assert (cap.done, cap.required, cap.met, cap.status) == (approx(36), 30, False, "behind")
    assert cap.detail == "6 mnd over taket teller ikke"
    assert got.requirement("gp_total_max").done == approx(54)


def test_other_specialty_counts_at_most_twenty_one_months():
    """24 months another specialty + 36 fastlege: 21 + 36 = 57 counted."""
    placements = [pl(D(2020, 1, 1), D(2021, 12, 31), "other_specialty", arena=9),
                  pl(D(2022, 1, 1), D(2024, 12, 31))]
    got = evaluate(doctor(), placements, [], as_of=D(2024, 12, 31))
    assert got.months_by_category["other_specialty"] == approx(21)
    assert got.counted_months == approx(57)
    assert got.requirement("other_specialty_max").status == "behind"


def test_institution_and_other_specialty_share_the_cap_other_specialty_first():
    """12 institution + 12 other specialty = 24 > 21: other specialty loses the 3."""
    placements = [pl(D(2020, 1, 1), D(2020, 12, 31), "institution", arena=2),
                  pl(D(2021, 1, 1), D(2021, 12, 31), "other_specialty", arena=9)]
    got = evaluate(doctor(), placements, [], as_of=D(2021, 12, 31))
    assert got.months_by_category["institution"] == approx(12)
    assert got.months_by_category["other_specialty"] == approx(9)


def test_general_practice_counts_at_most_fifty_four_months():
    """60 months fastlege: 54 count, and continuing cannot reach 60."""
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [],
                   as_of=D(2024, 12, 31))
    assert got.months_by_category["gp_unselected"] == approx(54)
    assert got.requirement("gp_total_max").status == "behind"
    assert got.projected_completion is None
    assert "Ingen planlagt institusjonstjeneste" in got.projection_note


# ----------------------------------------------------------------- deviations


def test_plan_rule_deviation_is_shown_as_deviated_with_reason():
    """A deviation from the gp_other cap lifts it: all 36 months count, status deviated."""
    placements = [pl(D(2020, 1, 1), D(2021, 12, 31)),
                  pl(D(2022, 1, 1), D(2024, 12, 31), "gp_other")]
    dev = RuleDeviation(doctor_id=1, rule_id="gp_other_max", reason="KAD-stilling avtalt")
    got = evaluate(doctor(), placements, [], deviations=[dev], as_of=D(2024, 12, 31))
    cap = got.requirement("gp_other_max")
    assert cap.status == "deviated"
    assert cap.deviation_reason == "KAD-stilling avtalt"
    assert cap.detail == "6 mnd over taket teller etter avvik"
    # general practice 24 + 36 = 60 is still capped at 54 by the other plan cap
    assert got.counted_months == approx(54)


def test_deviated_institution_minimum_is_left_out_of_the_projection():
    """With the institution minimum deviated, 60 months of mixed GP service complete."""
    placements = [pl(D(2020, 1, 1), D(2023, 12, 31)),
                  pl(D(2024, 1, 1), D(2024, 12, 31), "other_specialty", arena=9)]
    dev = RuleDeviation(doctor_id=1, rule_id="institution_min", reason="Godkjent annen tjeneste")
    got = evaluate(doctor(), placements, [], deviations=[dev], as_of=D(2024, 12, 31))
    assert got.requirement("institution_min").status == "deviated"
    assert got.projected_completion == D(2024, 12, 31)


def test_regulation_rule_deviation_is_ignored_with_a_warning():
    """The 2-year fastlege minimum cannot be deviated: still behind-or-open, and flagged."""
    dev = RuleDeviation(doctor_id=1, rule_id="gp_unselected_min", reason="Ønsket")
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2020, 12, 31), "gp_other")], [],
                   deviations=[dev], as_of=D(2020, 12, 31))
    req = got.requirement("gp_unselected_min")
    assert req.status != "deviated"
    assert req.deviation_reason is None
    assert any("kan ikke fravikes" in w for w in got.warnings)


# ----------------------------------------------------------------- projection


def test_projection_from_planned_placements():
    """24 done + 6 institution + 30 fastlege planned reach 60 on 31.12.2028."""
    placements = [pl(D(2024, 1, 1), D(2025, 12, 31)),
                  pl(D(2026, 1, 1), D(2026, 6, 30), "institution", status="planned", arena=2),
                  pl(D(2026, 7, 1), D(2028, 12, 31), status="planned")]
    got = evaluate(doctor(D(2024, 1, 1)), placements, [], as_of=D(2025, 12, 31))
    assert got.projected_completion == D(2028, 12, 31)
    assert got.projection_note == "Beregnet fra gjennomført og planlagt tjeneste."
    inst = got.requirement("institution_min")
    assert (inst.planned, inst.status) == (approx(6), "planned")


def test_projection_continues_the_last_placement():
    """48 done incl. 6 institution; continuing fastlege 100 % adds 12 -> 31.12.2024."""
    placements = [pl(D(2020, 1, 1), D(2022, 12, 31)),
                  pl(D(2023, 1, 1), D(2023, 6, 30), "institution", arena=2),
                  pl(D(2023, 7, 1), D(2023, 12, 31))]
    got = evaluate(doctor(), placements, [], as_of=D(2023, 12, 31))
    assert got.projected_completion == D(2024, 12, 31)
    assert got.projection_note == ("Fremskrevet: forutsetter fortsatt åpen uselektert "
                                   "allmennpraksis i 100 % stilling fra 01.01.2024.")


def test_projection_counts_future_absence_against_the_allowance():
    """Planned parental leave of 9 months in 60 pushes completion to 23.03.2025."""
    placements = [pl(D(2020, 1, 1), D(2022, 12, 31)),
                  pl(D(2023, 1, 1), D(2023, 6, 30), "institution", arena=2),
                  pl(D(2023, 7, 1), D(2024, 12, 31), "gp_other", status="planned", arena=3)]
    leaves = [lv(D(2024, 1, 1), D(2024, 9, 30), "parental")]
    got = evaluate(doctor(), placements, leaves, as_of=D(2023, 6, 30))
    # At 31.12.2024: training 60, allowance 6, 3 deducted -> 57. Continuing annen allmenn,
    # x months later: 60 + x - (9 - 0.1(60 + x)) = 57 + 1.1x = 60 -> x = 2.727: January,
    # February and 0.727 x 31 = 22.5 days of March -> 23.03.2025.
    assert got.projected_completion == D(2025, 3, 23)


def test_projection_without_placements_is_not_possible():
    """No placements: no date, and a note saying why."""
    got = evaluate(doctor(), [], [], as_of=D(2020, 6, 30))
    assert got.projected_completion is None
    assert got.projection_note == "Ingen tjenesteperioder registrert; fullføring kan ikke beregnes."


def test_projection_without_institution_names_the_gap():
    """Only fastlege service planned: the institution minimum can never be met."""
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2021, 12, 31))], [], as_of=D(2021, 12, 31))
    assert got.projected_completion is None
    assert got.projection_note.startswith(
        "Fullføring kan ikke beregnes: Ingen planlagt institusjonstjeneste (krav 6 mnd)")


def test_projection_stops_at_the_doctors_end_date():
    """A training ended before completion has no projected date."""
    doc = doctor(end_date=D(2021, 12, 31), end_reason="Sluttet")
    got = evaluate(doc, [pl(D(2020, 1, 1), D(2021, 12, 31))], [], as_of=D(2022, 6, 30))
    assert got.projected_completion is None
    assert got.projection_note == ("Utdanningen ble avsluttet 31.12.2021 før tjenestekravene "
                                   "var oppfylt.")


def test_planned_placement_in_the_past_is_warned_about():
    """A pencilled-in placement that has started does not count and is pointed out."""
    placements = [pl(D(2020, 1, 1), D(2020, 12, 31), status="planned")]
    got = evaluate(doctor(), placements, [], as_of=D(2020, 6, 30))
    assert got.counted_months == 0
    assert any("er foreløpig, men har startet" in w for w in got.warnings)


# ----------------------------------------------------------------- activities


def test_on_call_counts_only_out_of_hours_shifts_of_six_hours():
    """36 good shifts, 3 of 5 h and 3 daytime don't count; 2 good ones planned."""
    day = D(2021, 1, 1)
    shifts = [act("on_call", day + timedelta(days=i), 8, True) for i in range(36)]
    shifts += [act("on_call", day, 5, True) for _ in range(3)]
    shifts += [act("on_call", day, 8, False) for _ in range(3)]
    shifts += [act("on_call", D(2022, 2, 1), 6, True), act("on_call", D(2022, 3, 1), 12, True)]
    shifts += [act("on_call", D(2023, 1, 1), 12, True)]  # beyond the 6-month horizon
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], activities=shifts,
                   as_of=D(2021, 12, 31))
    oc = got.requirement("on_call")
    assert (oc.done, oc.planned, oc.remaining, oc.unit) == (36, 2, 4, "vakter")
    assert oc.status == "ok_so_far"


def test_on_call_met_with_forty_shifts():
    """40 qualifying shifts meet the plan rule."""
    shifts = [act("on_call", D(2021, 1, 1), 6, True) for _ in range(40)]
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], activities=shifts,
                   as_of=D(2021, 12, 31))
    assert got.requirement("on_call").status == "met"


def test_topic_courses_need_six_topics_of_fifteen_hours():
    """Hjerte 15, Lunge 8+7, Hud 20, Psykiatri 15, Øye 16 count; Barn 14 does not -> 5."""
    courses = [act("course", D(2021, 3, 1), 15, code="EMNE", title="Hjerte"),
               act("course", D(2021, 4, 1), 8, code="EMNE", title="Lunge"),
               act("course", D(2021, 5, 1), 7, code="emne", title=" lunge "),
               act("course", D(2021, 6, 1), 20, code="EMNE", title="Hud"),
               act("course", D(2021, 7, 1), 15, code="EMNE", title="Psykiatri"),
               act("course", D(2021, 8, 1), 16, code="EMNE", title="Øye"),
               act("course", D(2021, 9, 1), 14, code="EMNE", title="Barn")]
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], activities=courses,
                   as_of=D(2021, 12, 31))
    topics = got.requirement("topic_courses")
    assert (topics.done, topics.remaining, topics.status) == (5, 1, "ok_so_far")
    assert topics.detail == "1 emne(r) under 15 timer teller ikke"
    planned = courses + [act("course", D(2022, 3, 1), 15, code="EMNE", title="Øre")]
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], activities=planned,
                   as_of=D(2021, 12, 31))
    assert got.requirement("topic_courses").status == "planned"


def test_required_courses_done_planned_and_missing():
    """GK-A, GK-B done, GK-C within 6 months (planned), GK-D later: 2 of 4."""
    courses = [act("course", D(2021, 1, 10), code="GK-A"), act("course", D(2021, 5, 1),
                                                                 code="gk-b"),
               act("course", D(2022, 3, 1), code="GK-C"), act("course", D(2022, 9, 1),
                                                                code="GK-D")]
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], activities=courses,
                   as_of=D(2021, 12, 31))
    basic = got.requirement("basic_courses")
    assert (basic.done, basic.planned, basic.required) == (2, 1, 4)
    assert basic.detail == "Mangler: GK-C, GK-D"
    assert basic.status == "ok_so_far"


def test_missing_courses_in_the_last_months_are_behind():
    """With under 6 months of service left, a missing course is red (behind)."""
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], as_of=D(2024, 9, 30))
    assert got.requirement("emergency_course").status == "behind"
    assert got.behind_plan


def test_practice_visits_and_joint_consultations():
    """One visit made, none received; 10 joint consultations met."""
    acts = [act("practice_visit_made", D(2021, 2, 1))]
    acts += [act("joint_consultation", D(2021, 3, 1)) for _ in range(10)]
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], activities=acts,
                   as_of=D(2021, 12, 31))
    assert got.requirement("practice_visit_made").status == "met"
    assert got.requirement("practice_visit_received").done == 0
    assert got.requirement("joint_consultations").status == "met"


def test_group_supervision_year_in_open_unselected_practice():
    """12 sessions, 8 of them while in fastlege practice: total open, gp-year 8 of 10."""
    placements = [pl(D(2020, 1, 1), D(2020, 12, 31), "gp_other"),
                  pl(D(2021, 1, 1), D(2024, 12, 31))]
    acts = [act("group_supervision", D(2020, m, 1)) for m in range(3, 7)]
    acts += [act("group_supervision", D(2021, m, 1)) for m in range(2, 10)]
    got = evaluate(doctor(), placements, [], activities=acts, as_of=D(2021, 12, 31))
    assert got.requirement("group_supervision").done == 12
    assert got.requirement("group_supervision_gp").done == 8


# ----------------------------------------------------------------- supervision, goals, meetings


def _sessions(hours_each, count, start=D(2020, 1, 15), planned=False):
    return [SupervisionSession(doctor_id=1, supervisor_id=1, hours=hours_each, planned=planned,
                               date=start + timedelta(days=30 * i)) for i in range(count)]


def test_supervision_on_pace_and_behind():
    """12 counted months need 42 h; 40 h is within one month's 3.5 h, 30 h is behind."""
    placements = [pl(D(2020, 1, 1), D(2024, 12, 31))]
    on_pace = evaluate(doctor(), placements, [], sessions=_sessions(4, 10),
                       as_of=D(2020, 12, 31))
    sup = on_pace.requirement("supervision_hours")
    assert (sup.required, sup.done, sup.unit) == (approx(210), approx(40), "timer")
    assert sup.status == "ok_so_far"
    behind = evaluate(doctor(), placements, [], sessions=_sessions(3, 10),
                      as_of=D(2020, 12, 31))
    assert behind.requirement("supervision_hours").status == "behind"
    assert behind.requirement("supervision_hours").detail == \
        "Forventet 42 t etter tjenestetiden så langt"


def test_planned_supervision_sessions_within_six_months():
    """Sessions flagged planned, or dated later, count as planned within the horizon only."""
    sessions = _sessions(2, 12, D(2021, 1, 15), planned=True)  # Jan 2021 .. Dec 2021
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], sessions=sessions,
                   as_of=D(2020, 12, 31))
    sup = got.requirement("supervision_hours")
    assert sup.done == 0
    # 15.01 + 30 days steps: Jan 15, Feb 14, Mar 16, Apr 15, May 15, Jun 14 are <= 30.06.2021
    assert sup.planned == approx(12)


def test_goals_approved_of_the_doctors_catalog_version():
    """All ALM approved; FKM of another version does not count; submitted is planned."""
    goals = catalog()
    alm = [g for g in goals if g.catalog_version == "ALM"]
    fkm = [g for g in goals if g.catalog_version != "ALM"]
    statuses = [GoalStatus(doctor_id=1, goal_code=g.code, catalog_version="ALM",
                           state="approved", approved_date=D(2021, 6, 1)) for g in alm]
    statuses += [GoalStatus(doctor_id=1, goal_code=g.code, catalog_version=g.catalog_version,
                            state="submitted") for g in fkm]
    statuses += [GoalStatus(doctor_id=1, goal_code="FKM-001", catalog_version="FKM-2017",
                            state="approved", approved_date=D(2021, 6, 1))]
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [],
                   goal_statuses=statuses, goals=goals, as_of=D(2021, 12, 31))
    alm_req = got.requirement("alm_goals")
    assert (alm_req.required, alm_req.done, alm_req.status) == (88, 88, "met")
    fkm_req = got.requirement("fkm_goals")
    assert (fkm_req.required, fkm_req.done, fkm_req.planned) == (14, 0, 14)
    assert fkm_req.status == "planned"


def test_goal_rules_are_plan_rules_a_leader_may_deviate_from():
    """DESIGN.md lists "all ALM and FKM goals approved" among the plan rules: a recorded
    deviation (with its reason) is honoured, unlike one from a regulation rule."""
    dev = RuleDeviation(doctor_id=1, rule_id="alm_goals",
                        reason="ALM-070 vurderes i sykehustjenesten")
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], deviations=[dev],
                   as_of=D(2021, 12, 31))
    alm = got.requirement("alm_goals")
    assert alm.kind == "plan" and alm.status == "deviated"
    assert alm.deviation_reason == "ALM-070 vurderes i sykehustjenesten"
    assert not any("alm_goals" in w or "ignorert" in w for w in got.warnings)


def test_goals_default_to_the_shipped_catalog_and_warn_on_missing_version():
    """Without goals passed, the shipped catalog is used; an unknown FKM version warns."""
    got = evaluate(doctor(catalog_version="FKM-2017"), [pl(D(2020, 1, 1), D(2024, 12, 31))],
                   [], as_of=D(2021, 12, 31))
    assert got.requirement("alm_goals").required == 88
    assert got.requirement("fkm_goals").required == 0
    assert any("FKM-2017" in w for w in got.warnings)


def test_review_meetings_overdue_planned_and_met():
    """Last meeting 8 months ago is overdue; a planned one makes it blue; 3 months is fine."""
    placements = [pl(D(2020, 1, 1), D(2024, 12, 31))]
    held = ReviewMeeting(doctor_id=1, date=D(2021, 4, 30))
    got = evaluate(doctor(), placements, [], meetings=[held], as_of=D(2021, 12, 31))
    meet = got.requirement("review_meetings")
    assert meet.done == approx(8)
    assert meet.status == "behind"
    nxt = ReviewMeeting(doctor_id=1, date=D(2022, 2, 1), held=False)
    assert evaluate(doctor(), placements, [], meetings=[held, nxt],
                    as_of=D(2021, 12, 31)).requirement("review_meetings").status == "planned"
    recent = ReviewMeeting(doctor_id=1, date=D(2021, 9, 30))
    assert evaluate(doctor(), placements, [], meetings=[held, recent],
                    as_of=D(2021, 12, 31)).requirement("review_meetings").status == "met"


def test_review_meeting_more_than_a_year_ago_warns():
    """No meeting for over 12 months is named in the warnings."""
    held = ReviewMeeting(doctor_id=1, date=D(2020, 6, 30))
    got = evaluate(doctor(), [pl(D(2020, 1, 1), D(2024, 12, 31))], [], meetings=[held],
                   as_of=D(2021, 12, 31))
    assert any("siste oppfølgingsmøte (30.06.2020)" in w for w in got.warnings)


# ----------------------------------------------------------------- shape and speed


def test_every_result_has_a_known_status_and_is_frozen():
    """Statuses come from the fixed list; results cannot be changed."""
    got = evaluate(doctor(), FIVE_YEARS, [], as_of=D(2022, 6, 30))
    assert isinstance(got, Progress)
    for r in got.requirements:
        assert r.status in STATUSES
        assert r.kind in ("regulation", "plan")
        assert r.label and r.basis and r.unit
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.requirements[0].done = 1  # type: ignore[misc]
    assert isinstance(got.requirements[0], RequirementResult)


@st.composite
def _histories(draw):
    placements, cursor = [], D(2019, 3, 1)
    for _ in range(draw(st.integers(1, 6))):
        cursor += timedelta(days=draw(st.integers(0, 60)))
        end = cursor + timedelta(days=draw(st.integers(0, 900)))
        placements.append(pl(cursor, end, draw(st.sampled_from(
            [c.value for c in ServiceCategory])), pct=draw(st.sampled_from([40, 50, 80, 100])),
            status=draw(st.sampled_from(["completed", "planned"])), arena=draw(
                st.integers(1, 3))))
        cursor = end + timedelta(days=1)
    leaves = []
    for _ in range(draw(st.integers(0, 4))):
        s = D(2019, 3, 1) + timedelta(days=draw(st.integers(0, (cursor - D(2019, 3, 1)).days)))
        leaves.append(lv(s, s + timedelta(days=draw(st.integers(0, 300))),
                         draw(st.sampled_from(["sickness", "parental", "holiday"]))))
    as_of = D(2019, 3, 1) + timedelta(days=draw(st.integers(0, 3000)))
    return placements, leaves, as_of


@settings(max_examples=150, deadline=None)
@given(_histories())
def test_evaluate_counts_within_calendar_time_and_projects_consistently(history):
    """Counted months lie in [0, calendar time]; a projected date is never before as_of
    unless the service is already complete."""
    placements, leaves, as_of = history
    got = evaluate(doctor(D(2019, 3, 1)), placements, leaves, as_of=as_of)
    from alis_desktop.service_time import months_served
    assert -1e-9 <= got.counted_months <= months_served(D(2019, 3, 1), as_of) + 1e-9
    assert all(v >= -1e-9 for v in got.months_by_category.values())
    assert 0 <= got.pct_complete <= 100
    if got.projected_completion is not None and got.counted_months < 60 - 1e-9:
        assert got.projected_completion > as_of


@st.composite
def _complete_histories(draw):
    """Histories that reach completion: fastlege and institution blocks, then random ones."""
    placements, leaves, as_of = draw(_histories())
    start = D(2019, 3, 1)
    base = [pl(start, start + timedelta(days=draw(st.integers(700, 1200))),
               pct=draw(st.sampled_from([50, 80, 100])))]
    cursor = base[0].end_date + timedelta(days=1)
    inst_end = cursor + timedelta(days=draw(st.integers(60, 400)))
    base.append(pl(cursor, inst_end, "institution", arena=7))
    shift = inst_end + timedelta(days=1) - placements[0].start_date
    moved = [dataclasses.replace(p, start_date=p.start_date + shift,
                                 end_date=p.end_date + shift) for p in placements]
    last = moved[-1].end_date + timedelta(days=1)
    moved.append(pl(last, last + timedelta(days=draw(st.integers(0, 2000))),
                    draw(st.sampled_from(["gp_unselected", "gp_other"]))))
    return base + moved, leaves, as_of


@settings(max_examples=60, deadline=None)
@given(_complete_histories())
def test_projection_search_finds_the_first_complete_day(history):
    """The interpolating search returns the same day as walking day by day."""
    from alis_desktop.requirements import _Context, _first_date, _Service
    placements, leaves, _ = history
    rules = load_rules()
    ctx = _Context(rules, rules.for_regime("new"), {})
    service = _Service(placements, leaves, ctx)
    lo = D(2019, 3, 1)
    hi = max(p.end_date for p in placements)
    if not ctx.complete(service.state(hi)):
        return
    found = _first_date(service, lo, hi)
    day = lo
    while not ctx.complete(service.state(day)):
        day += timedelta(days=1)
    assert found == day


@pytest.mark.parametrize("pct, leave, held, behind", [
    (100.0, None, 40, False),                              # 42 h due, within one month
    (100.0, None, 30, True),
    (50.0, None, 24, True),       # part time: the target is not scaled by default
    (60.0, None, 40, False),
    (100.0, (D(2020, 3, 1), D(2020, 8, 31)), 21, False),   # six months' leave: 21 h due
    (100.0, (D(2020, 3, 1), D(2020, 8, 31)), 14, True),
])
def test_supervision_pace_is_the_veiledning_views_target(pct, leave, held, behind):
    """The doctors table's "Ligger etter" (the engine) and the Veiledning view's flag
    measure supervision against the same target, for part-timers and leave too."""
    from alis_desktop.supervision import doctor_supervision
    placements = [pl(D(2020, 1, 1), D(2024, 12, 31), pct=pct)]
    leaves = [lv(*leave)] if leave else []
    sessions = _sessions(held / 10, 10)
    as_of = D(2020, 12, 31)
    engine = evaluate(doctor(), placements, leaves, sessions=sessions, as_of=as_of)
    view = doctor_supervision(doctor(), placements, leaves, sessions, [], as_of)
    assert (engine.requirement("supervision_hours").status == "behind") is behind
    assert any(f.code == "behind" for f in view.flags) is behind
