"""The forgiving reader of goal lists as plans write them, and the earlier common goals
(alis_desktop/goal_refs.read_goal_list, catalog.shipped_earlier)."""

from __future__ import annotations

import pytest

from alis_desktop.catalog import EARLIER_CODES, FKM_OLD, catalog, shipped_earlier
from alis_desktop.goal_refs import (
    GoalRefError, format_goal_refs, parse_goal_refs, read_goal_list,
)


def alm(*numbers):
    return [f"ALM-{n:03d}" for n in numbers]


def lm(*numbers):
    return [f"LM-{n:03d}" for n in numbers]


def shown(reading):
    return [str(item) for item in reading.loose]


@pytest.mark.parametrize("text, codes, said", [
    # a stray comma before the range dash (Åsnes)
    ("ALM 028,-030", alm(28, 29, 30),
     ["«028,-030» (tegn 5) lest som ALM-028–ALM-030: komma foran bindestreken"]),
    # spaces around the dash on one line (Drammen "66- 70")
    ("ALM 001- 002", alm(1, 2),
     ["«001- 002» (tegn 5) lest som ALM-001–ALM-002: mellomrom ved bindestreken"]),
    ("ALM 068 - 070", alm(68, 69, 70),
     ["«068 - 070» (tegn 5) lest som ALM-068–ALM-070: mellomrom ved bindestreken"]),
    ("ALM 40, 58, 66- 70", alm(40, 58, 66, 67, 68, 69, 70),
     ["«66- 70» (tegn 13) lest som ALM-066–ALM-070: mellomrom ved bindestreken"]),
])
def test_forgiving_cases_are_read_and_each_is_shown_as_read(text, codes, said):
    reading = read_goal_list(text)
    assert sorted(reading.coverage) == codes
    assert shown(reading) == said
    assert not reading.problems


def test_trailing_full_stop_og_and_samt_read_without_fuss():
    reading = read_goal_list("ALM 040 og 042 samt ALM 044 (delvis).")
    assert reading.coverage == {"ALM-040": "full", "ALM-042": "full", "ALM-044": "partial"}
    assert not reading.loose and not reading.problems


def test_a_range_broken_over_lines_by_the_pdf_is_not_loose():
    reading = read_goal_list("ALM 028-\n033 (delvis), ALM 071-\n073")
    assert len(reading.coverage) == 9 and not reading.loose


def test_strict_parsing_still_refuses_the_stray_comma():
    with pytest.raises(GoalRefError) as err:
        parse_goal_refs("ALM 028,-030")
    assert (err.value.token, err.value.position) == ("-", 8)


@pytest.mark.parametrize("text, token, position, start", [
    ("ALM 012, Dette krever legevakt", "Dette", 9, "Kan ikke lese «Dette» (tegn 10)."),
    ("ALM 028,-030 og mer", "mer", 16, "Kan ikke lese «mer» (tegn 17)."),
    ("ALM 012 (stort sett)", "(stort sett)", 8, "Kan ikke lese «(stort sett)» (tegn 9)."),
    ("ALM 089", "089", 4, "«089» (tegn 5): ALM-089 finnes ikke."),
    ("028-030", "028-030", 0, "«028-030» (tegn 1) mangler ALM eller FKM foran."),
])
def test_unreadable_words_are_still_refused_naming_token_and_position(
        text, token, position, start):
    reading = read_goal_list(text)
    problem = reading.problems[0]
    assert (problem.token, problem.position) == (token, position)
    assert problem.message.startswith(start)


def test_earlier_fkm_numbers_refused_today_with_a_hint():
    reading = read_goal_list("FKM 019")
    assert reading.problems[0].message.endswith(
        "Er planen skrevet før 1. mars 2026, les listen mot de tidligere felles "
        "kompetansemålene (LM 01-75).")
    assert "Kan ikke lese «LM04»" not in reading.problems[0].message
    lm_today = read_goal_list("LM04, 19")
    assert lm_today.problems[0].message.startswith("Kan ikke lese «LM» (tegn 1). LM-numrene er")


def test_asnes_list_against_the_earlier_set():
    reading = read_goal_list("LM04, 19,-23, 59", earlier=True)
    assert sorted(reading.coverage) == lm(4, 19, 20, 21, 22, 23, 59)
    assert shown(reading) == [
        "«LM04» (tegn 1) lest som LM-004: kode og nummer uten mellomrom",
        "«19,-23» (tegn 7) lest som LM-019–LM-023: komma foran bindestreken"]


def test_drammen_list_against_the_earlier_set():
    reading = read_goal_list("FKM 41-43, 51", earlier=True)
    assert sorted(reading.coverage) == lm(41, 42, 43, 51)
    assert shown(reading) == [
        "«41-43» (tegn 5) lest som LM-041–LM-043: FKM-nummer i de tidligere felles "
        "kompetansemålene",
        "«51» (tegn 12) lest som LM-051: FKM-nummer i de tidligere felles kompetansemålene"]
    # "FKM LM 19, 21, 22 og 23" (Drammen, legevakt) names the same numbering
    assert sorted(read_goal_list("FKM LM 19, 21, 22 og 23", earlier=True).coverage) == \
        lm(19, 21, 22, 23)
    # ALM goals keep their own numbering in an earlier plan
    assert sorted(read_goal_list("ALM 040, FKM 41", earlier=True).coverage) == [
        "ALM-040", "LM-041"]


def test_earlier_numbering_is_shipped_as_its_own_version_without_texts():
    goals = shipped_earlier()
    assert [g.code for g in goals] == list(EARLIER_CODES) == lm(*range(1, 76))
    assert {g.catalog_version for g in goals} == {FKM_OLD}
    assert all(g.title == g.code for g in goals)  # no texts: the code is shown
    # not goals to approve until the leader imports the ones that apply
    assert not [g for g in catalog(fkm_version=FKM_OLD) if g.catalog_version == FKM_OLD]


def test_earlier_codes_format_and_read_back():
    coverage = {"LM-004": "full", "LM-019": "full", "LM-020": "full", "ALM-001": "partial"}
    text = format_goal_refs(coverage)
    assert text == "ALM 001 (delvis), LM 004, LM 019-020"
    assert parse_goal_refs(text, earlier=True) == coverage
