"""The plan's text as data: shipped defaults, placeholders, section order, courses."""

from __future__ import annotations

from datetime import date

from alis_desktop.models import Arena, Doctor, Municipality, Supervisor
from alis_desktop.plan_document import PlanInputs, build_document, headings, paragraphs
from alis_desktop.plan_models import PlanCourse, PlanSection
from alis_desktop.plan_text import (
    PLACEHOLDERS,
    default_sections,
    effective_courses,
    effective_sections,
    fill,
    materialize,
    placeholder_values,
)

# The issue's list of sections, as the shipped keys.
ISSUE_SECTIONS = ["intro", "organisation", "doctor_service", "service_time", "agreement",
                  "individual_plan", "supervision", "group_supervision",
                  "clinical_supervision", "assessment", "portal", "alis_responsibility",
                  "roles", "supervisor_training", "on_call", "leave", "courses",
                  "meeting_arenas", "contacts", "arenas", "outside_arenas", "coverage"]
DAY = date(2026, 12, 3)


def values(**kw):
    m = Municipality(name="Fjordvik kommune", leader_name="Kari Nordmann",
                     leader_title="Kommuneoverlege", **kw)
    return placeholder_values(m, [], [], [], as_of=DAY)


def test_every_section_has_a_shipped_default_with_title_sources_and_known_fields():
    defaults = {d.key: d for d in default_sections()}
    for key in ISSUE_SECTIONS:
        d = defaults[key]
        assert d.title.strip(), key
        assert d.text.strip() or d.content, key  # generated sections may have no lead text
        assert fill(d.text, values())[1] == [], key  # no unknown placeholders in the defaults
    written = [d for d in defaults.values() if d.text.strip()]
    assert all(d.sources for d in written), [d.key for d in written if not d.sources]
    assert set(PLACEHOLDERS) == set(values())


def test_placeholders_filled_unknown_reported_braces_escaped():
    text, unknown = fill("{kommune} har {antall_alis} ALIS. {ukjent} {Kommune} {{x}} { } {",
                         values())
    assert text == "Fjordvik kommune har 0 ALIS. {ukjent} {Kommune} {x} { } {"
    assert unknown == ["ukjent", "Kommune"]


def test_placeholders_are_never_evaluated():
    """Attribute access or format specs are plain text, not code."""
    text, unknown = fill("{kommune.__class__} {kommune!r} {0}", values())
    assert text == "{kommune.__class__} {kommune!r} {0}"
    assert unknown == ["0"]


def test_figures_follow_the_records():
    m = Municipality(name="K", leader_name="A", leader_title="Leder",
                     second_leader_name="B", second_leader_title="Kommuneoverlege")
    arenas = [Arena(id=1, name="Sentrum legesenter"), Arena(id=2, name="Legevakten"),
              Arena(id=3, name="Sykehuset", inside_municipality=False, partner="HF"),
              Arena(id=4, name="Gammel", archived=True)]
    doctors = [Doctor(id=1, name="x", start_date=date(2025, 1, 1)),
               Doctor(id=2, name="y", start_date=date(2027, 1, 1))]  # not started yet
    sups = [Supervisor(id=1, name="s"), Supervisor(id=2, name="t", specialist=False)]
    v = placeholder_values(m, arenas, doctors, sups, as_of=DAY)
    assert (v["antall_alis"], v["antall_arenaer"], v["antall_arenaer_utenfor"]) == ("1", "2", "1")
    assert v["arenaer"] == "Legevakten og Sentrum legesenter"
    assert v["antall_spesialistveiledere"] == "1" and v["antall_veiledere"] == "2"
    assert v["ledere"] == "Leder A og Kommuneoverlege B"
    assert v["veiledningstimer_per_år"] == "42" and v["antall_legevakter"] == "40"


def test_paragraphs_and_bullets():
    blocks = paragraphs("Første linje\nsamme avsnitt\n\n- en\n  fortsatt\n- to\nEtter.")
    assert blocks == [{"t": "p", "text": "Første linje\nsamme avsnitt"},
                      {"t": "bullets", "items": ["en fortsatt", "to"]},
                      {"t": "p", "text": "Etter."}]


def test_missing_defaults_come_back_in_place_and_appendices_stay_last():
    """An old file has no rows; a file with some rows gets the rest where they belong."""
    assert [s.key for s in materialize([])] == [d.key for d in default_sections()]
    stored = [PlanSection(id=1, key="intro", position=0),
              PlanSection(id=2, key="", position=1, kind="appendix", title="Vedlegg A"),
              PlanSection(id=3, key="contacts", position=2)]
    keys = [s.key for s in materialize(stored)]
    assert keys[0] == "intro" and keys[-1] == "" and keys[-2] == "contacts"
    assert len(keys) == len(default_sections()) + 1


def test_removed_and_edited_sections():
    stored = [PlanSection(id=1, key="roles", removed=True),
              PlanSection(id=2, key="intro", title="Om planen", text="Egen tekst")]
    shown = effective_sections(stored)
    assert "roles" not in [s.record.key for s in shown]
    intro = next(s for s in shown if s.record.key == "intro")
    assert (intro.title, intro.text, intro.edited) == ("Om planen", "Egen tekst", True)


def test_courses_shipped_replaced_removed_and_own():
    table = effective_courses([])
    assert [c.code for c in table] == ["GK-A", "GK-B", "GK-C", "GK-D", "EMNE", "AKUTT"]
    table = effective_courses([PlanCourse(code="GK-A", name="Grunnkurs A (lokalt)",
                                          goals=["ALM-001"]),
                               PlanCourse(code="AKUTT", removed=True),
                               PlanCourse(code="LOKAL", name="Lokalt kurs", goals=["ALM-088"])])
    assert [c.code for c in table] == ["GK-A", "GK-B", "GK-C", "GK-D", "EMNE", "LOKAL"]
    assert table[0].goals == ["ALM-001"]


def test_document_numbers_sections_and_names_every_arena_in_a_heading():
    arenas = [Arena(id=1, name="A-senteret"), Arena(id=2, name="B-senteret")]
    doc = build_document(PlanInputs(municipality=Municipality(name="K"), arenas=arenas), DAY)
    texts = [t for _, t in headings(doc)]
    assert texts[0] == "1. Innledning"
    assert any(t.endswith("A-senteret – Åpen uselektert allmennpraksis") for t in texts)
    assert any(t.endswith("B-senteret – Åpen uselektert allmennpraksis") for t in texts)
    assert doc["warnings"] == [] and doc["version"] == ""


def test_defaults_hold_the_sentences_a_leader_expects():
    """What the issue found missing from the fixed text (comparison with the seed plans)."""
    text = {d.key: d.text for d in default_sections()}
    assert "referat fra hver veiledningstime i Kompetanseportalen" in text["supervision"]
    assert "ekstra veiledning" in text["supervision"]
    assert "60 timer per år" in text["group_supervision"]
    assert "kan ikke delegeres" in text["assessment"]
    assert "Vurderingskollegium" in text["assessment"]
    assert "ALIS-avtale må foreligge for at kommunen skal kunne søke om tilskudd" in \
        text["agreement"]
    assert "Helsedirektoratets mal for ALIS-avtale skal benyttes" in text["agreement"]
    assert "§ 7" in text["alis_responsibility"]
