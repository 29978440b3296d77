"""Pasting the plan's arena table as written (alis_desktop/plan_paste)."""

from __future__ import annotations

from alis_desktop import models as m
from alis_desktop.plan_paste import read_pasted_plan

# A Word table copied as it pastes: tab between the cells, a header row.
TWO_COLUMNS = (
    "Læringsarena\tLæringsmål som kan oppnås\n"
    "Legevakt\tALM 002-004 (delvis), ALM 028,-030, ALM 040\n"
    "Lagård sjukeheim\tALM 008, ALM 068- 070.\n"
    "Helsestasjonen\tAlle FKM\n"
)

# Eigersund (seed 000, lines 427-434 and 512-520): text copied from the PDF, the goal list on
# the lines under the arena's name, ranges broken over lines.
OVER_LINES = (
    "Dalane interkommunale legevakt\n"
    "ALM 002-004 (delvis), ALM 012 (delvis), ALM \n"
    "018-019 (delvis), ALM 021 (delvis), ALM 028-\n"
    "033 (delvis), ALM 035 (delvis), ALM 036-054, \n"
    "ALM 057-058, ALM 059 (delvis), ALM 060, ALM \n"
    "061 (delvis), ALM 062, ALM 063-064 (delvis), \n"
    "ALM 065-070, ALM 071-073 (delvis), ALM 074, \n"
    "ALM 075(delvis), ALM 076-079, ALM 080 \n"
    "(delvis), ALM 081, ALM 083, ALM 084 (delvis) \n"
    "\n"
    "Alle FKM \n"
    "Korttidsavdelingen 2 vest\n"
    "ALM 002-003 (delvis), ALM 008, ALM 018-019 \n"
    "(delvis), ALM 021 (delvis), ALM 023 (delvis), \n"
    "ALM 028-032 (delvis), ALM 036-050. ALM 051 \n"
    "(delvis), ALM 052-054, ALM 055, ALM 057, ALM \n"
    "059 (delvis), ALM 060, ALM 061 (delvis), ALM \n"
    "062, ALM 063-069 (delvis), ALM 070, ALM 071-\n"
    "073 (delvis), ALM 074 \n"
    "ALM 075 (delvis), ALM 076-077, ALM 078-081 \n"
    "(delvis), ALM 083, ALM 084 (delvis), ALM 085 \n"
)


def test_two_column_table_with_header_and_loose_forms():
    plan = read_pasted_plan(TWO_COLUMNS)
    assert [a.name for a in plan.arenas] == ["Legevakt", "Lagård sjukeheim", "Helsestasjonen"]
    legevakt, sykehjem, helsestasjon = plan.arenas
    assert legevakt.reading.coverage == {
        "ALM-002": "partial", "ALM-003": "partial", "ALM-004": "partial",
        "ALM-028": "full", "ALM-029": "full", "ALM-030": "full", "ALM-040": "full"}
    assert sorted(sykehjem.reading.coverage) == ["ALM-008", "ALM-068", "ALM-069", "ALM-070"]
    assert (helsestasjon.full, helsestasjon.partial) == (14, 0)
    assert plan.clean
    assert plan.loose() == [
        "Legevakt: «028,-030» (tegn 27) lest som ALM-028–ALM-030: komma foran bindestreken",
        "Lagård sjukeheim: «068- 070» (tegn 14) lest som ALM-068–ALM-070: mellomrom ved "
        "bindestreken"]
    # new arenas get their type from the name
    assert [a.arena().type for a in plan.arenas] == ["out_of_hours", "nursing_home",
                                                      "health_station"]


def test_goal_list_spread_over_lines_under_each_name():
    plan = read_pasted_plan(OVER_LINES)
    assert [(a.name, a.line) for a in plan.arenas] == [
        ("Dalane interkommunale legevakt", 1), ("Korttidsavdelingen 2 vest", 12)]
    legevakt, kad = plan.arenas
    # counted by hand from the plan: ALM 36 full and 24 partly, and the 14 FKM
    assert (legevakt.full, legevakt.partial) == (36 + 14, 24)
    assert legevakt.reading.coverage["ALM-033"] == "partial"
    assert "ALM-055" not in legevakt.reading.coverage
    assert kad.reading.coverage["ALM-085"] == "full"
    assert kad.reading.coverage["ALM-051"] == "partial"
    assert plan.clean and not plan.loose()


def test_existing_arena_matched_by_name_and_bad_words_stop_the_paste():
    existing = [m.Arena(id=7, name="Legevakt")]
    plan = read_pasted_plan("  LEGEVAKT \tALM 040 og kanskje ALM 041\nNy arena\t\n",
                            existing=existing)
    assert plan.arenas[0].existing is existing[0]
    assert plan.arenas[0].arena() is existing[0]
    assert not plan.clean
    assert plan.errors() == [
        "LEGEVAKT: Kan ikke lese «kanskje» (tegn 12). Skriv f.eks. ALM 012 eller ALM 036-054 "
        "(delvis).",
        "Ny arena: ingen læringsmål funnet."]


def test_nothing_recognisable():
    assert read_pasted_plan("").errors()[0].startswith("Fant ingen læringsarenaer")


def test_earlier_plan_pasted_against_the_earlier_set():
    plan = read_pasted_plan("Legevakt\tALM 040, FKM 41-43, 51\n", earlier=True)
    assert sorted(plan.arenas[0].reading.coverage) == [
        "ALM-040", "LM-041", "LM-042", "LM-043", "LM-051"]
