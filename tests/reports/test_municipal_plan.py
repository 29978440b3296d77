"""The municipality's training plan (§ 23 d): standard text with the municipality's names,
every arena with its goals in the plans' compact notation, partners and contacts."""

from __future__ import annotations

import pytest

from alis_desktop.dates import fmt
from alis_desktop.goal_refs import format_goal_refs, parse_goal_refs
from db.store import Store
from reports import municipal_plan
from tests.conftest import TODAY
from tests.reports.pdftools import reader, text_of


@pytest.fixture(scope="module")
def store(demo_file):
    s = Store.open(demo_file, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def text(store):
    return text_of(municipal_plan.build_for(store, TODAY))


def test_every_arena_with_type_location_and_goal_notation(store, text):
    coverage = {}
    for c in store.all("arena_coverage"):
        coverage.setdefault(c.arena_id, {})[c.goal_code] = c.level
    for arena in store.all("arenas"):
        assert arena.name in text and arena.location in text
        alm = {c: lv for c, lv in coverage[arena.id].items() if c.startswith("ALM")}
        notation = format_goal_refs(alm)
        assert notation in text, arena.name
        # What is printed reads back to exactly the arena's coverage.
        assert parse_goal_refs(notation) == alm
    assert "ALM 002-004 (delvis)" in text          # the out-of-hours arena, as Eigersund
    assert "Alle ALM, bortsett fra ALM 055 og 085" in text
    assert "Supervisjon foregår ved Tilstedeværelse, telefon og digitalt" in text


def test_municipality_names_filled_into_the_standard_text(store, text):
    m = store.municipality()
    assert f"{m.name} er registrert som utdanningsvirksomhet" in text
    assert f"fra {fmt(m.registered_date)} (organisasjonsnummer {m.org_number})" in text
    assert f"{m.head_of_service_title} {m.head_of_service_name} har det overordnede" in text
    assert f"{m.leader_title} {m.leader_name} er leder for ALIS-ordningen" in text
    for heading in ("Organisering av tjenesten og utdanningen", "Veiledning", "Supervisjon",
                    "Vurdering av kompetanse og godkjenning av læringsmål",
                    "Læringsarenaer i kommunen",
                    "Samarbeidende læringsarenaer utenfor kommunen", "Samarbeidspartnere",
                    "Kontaktpersoner i kommunen"):
        assert heading in text
    assert "Helse Vestkyst HF" in text and m.contact_email in text


def test_gaps_in_coverage_are_shown(store, tmp_path):
    """An arena set without ALM 055/085 shows them as not covered."""
    arenas = [a for a in store.all("arenas") if a.inside_municipality and a.type == "gp_office"]
    rows = [c for c in store.all("arena_coverage") if c.arena_id in {a.id for a in arenas}]
    data = municipal_plan.build_pdf(store.municipality(), arenas, rows, doctors=[],
                                    supervisors=[], as_of=TODAY)
    text = text_of(data)
    assert "Ikke dekket av noen læringsarena ALM 055, ALM 085" in text
    assert "Kommunen har ingen læringsarenaer hos samarbeidspartnere" in text


def test_archived_arena_is_left_out(store):
    arenas = store.all("arenas")
    gone = arenas[0]
    gone.archived = True
    text = text_of(municipal_plan.build_pdf(store.municipality(), arenas,
                                            store.all("arena_coverage"), doctors=[],
                                            supervisors=[], as_of=TODAY))
    assert gone.name not in text and arenas[1].name in text


def test_notation_per_family_and_codes_outside_the_catalog():
    alm, fkm = municipal_plan.goal_notation({"ALM-001": "full", "ALM-002": "partial",
                                             "FKM-001": "full"})
    assert (alm, fkm) == ("ALM 001, ALM 002 (delvis)", "FKM 001")
    # A code of an imported FKM version the shipped catalog lacks is listed as it stands.
    assert municipal_plan.goal_notation({"FKM-001": "full", "FKM-099": "full"}) == (
        "Ingen", "FKM 001, FKM-099")


def test_metadata(store):
    meta = reader(municipal_plan.build_for(store, TODAY)).metadata
    assert meta.title == municipal_plan.TITLE and meta.author == store.municipality().name
    assert "§ 23 d" in meta.subject
