"""The Eigersund plan (../shared/seeds/000_*.txt) entered as data
(tests/fixtures/eigersund_plan.json, the JSON import format) prints with every section,
arena, contact and appendix of the original."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from db.exchange import import_data
from db.store import Store
from reports import municipal_plan
from reports.municipal_plan_docx import headings_of, render_docx
from tests.reports.pdftools import text_of

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "eigersund_plan.json"

# The original's headings (left) and what the printed plan calls them (right).
SECTIONS = {
    "Innledning": "1. Innledning",
    "Spesialiseringsløpet": "2. Spesialiseringsløpet: læringsmål, læringsaktiviteter og "
                            "læringsarenaer",
    "Tjenestetid": "3. Tjenestetid",
    "Kommunens ansvar og organisering av legetjenesten og spesialistutdanningen":
        "4. Kommunens ansvar og organisering av legetjenesten og spesialistutdanningen",
    "Legetjenesten består av": "5. Legetjenesten",
    "ALIS-avtale": "6. ALIS-avtale og tilskudd",
    "Individuell utdanningsplan / Oppfølging og vurdering av ALIS":
        "7. Individuell utdanningsplan, oppfølging og vurdering av ALIS",
    "Individuell veiledning": "8. Individuell veiledning",
    "Gruppeveiledning": "9. Gruppeveiledning",
    "Supervisjon": "10. Supervisjon",
    "Vurdering av kompetanse og godkjenning av læringsmål":
        "11. Vurdering av kompetanse og godkjenning av læringsmål",
    "Kompetanseportalen (Dossier)": "12. Kompetanseportalen (Dossier)",
    "ALIS sitt ansvar": "13. ALIS sitt ansvar",
    "Læringsarenaer i kommunen": "17. Læringsarenaer i kommunen",
    "Andre samarbeidende læringsarenaer utenfor kommunen":
        "18. Andre samarbeidende læringsarenaer utenfor kommunen",
    "Kontaktpersoner i kommunen": "22. Kontaktpersoner i kommunen",
    "Vedlegg 1: Nærmere om institusjonstjeneste i sykehjem":
        "Vedlegg 1: Nærmere om institusjonstjeneste i sykehjem",
}
ARENAS = ["Eigersund kommunale legesenter", "Blandeverket legesenter", "Eger-legene",
          "Eie legesenter", "Dalane legesenter", "Dalane interkommunale legevakt",
          "Lagård sjukeheim og Lagård bo- og servicesenter", "Korttidsavdelingen 2 vest",
          "Helsestasjonen", "Administrasjon i helse- og omsorgsavdelingen",
          "Stavanger universitetssjukehus"]
CONTACTS = [("Ingeborg Havsø", "99168405", "Ingeborg.havso@eigersund.kommune.no"),
            ("Bjarne Rosenblad", "92081879", "Bjarne.rosenblad@eigersund.kommune.no"),
            ("Wenche Høghaug", "45251197", "Wenche.hoeghaug@eigersund.kommune.no")]


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("eig") / "eigersund.alis", create=True)
    import_data(store, json.loads(FIXTURE.read_text(encoding="utf-8")))
    doc = municipal_plan.document_for(store, date(2026, 12, 3))
    store.close()
    return doc


@pytest.fixture(scope="module")
def text(document):
    return text_of(municipal_plan.render_pdf(document))


def test_every_section_of_the_original_is_printed(document, text):
    printed = [s["heading"] for s in document["sections"]]
    for original, heading in SECTIONS.items():
        assert heading in printed, original
        assert heading in text, original
    assert document["warnings"] == []


def test_every_arena_has_its_own_heading_with_goals_and_condition(document, text):
    sub = [b["blocks"][0]["text"] for s in document["sections"] for b in s["blocks"]
           if b["t"] == "keep"]
    for name in ARENAS:
        assert sum(1 for h in sub if f" {name} – " in h) == 1, name
    assert text.count("Dette forutsetter deltakelse i legevakt (utenom dagtid).") == 5
    assert "Alle ALM, bortsett fra ALM 055 og 085" in text
    assert "ALM 002-004 (delvis), ALM 012 (delvis), ALM 018-019 (delvis)" in text
    assert "Helse Stavanger HF" in text


def test_every_contact_with_phone_and_email(text):
    for name, phone, email in CONTACTS:
        assert name in text and phone in text, name
        assert email in text.replace(" ", "") or email in text, email


def test_the_appendix_and_its_content(text):
    for expected in ("Lokal tilpasning", "Donders undersøkelse", "ØHD bakvaktsordning",
                     "fysisk internundervisning to ganger per halvår", "GerIT",
                     "minst 4 timer per måned"):
        assert expected in text, expected


def test_the_word_copy_has_the_same_headings(document):
    from alis_desktop.plan_document import headings
    assert headings_of(render_docx(document)) == headings(document)
