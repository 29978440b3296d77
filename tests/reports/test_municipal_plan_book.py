"""The municipality's plan as the office expects it: texts from the file with figures
filled in, contacts and activity tables, adopted versions that reprint identically, a
table of contents whose page numbers are right, and a Word copy with the same headings."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from alis_desktop.models import Arena
from alis_desktop.plan_document import headings
from alis_desktop.plan_models import ArenaActivity, ArenaCondition, PlanContact, PlanSection
from db import plan as plan_db
from db.store import Store
from reports import municipal_plan
from reports.municipal_plan_docx import headings_of, render_docx
from tests.reports.pdftools import page_texts, reader, text_of

DAY = date(2026, 12, 3)


@pytest.fixture
def store(demo_copy):
    s = Store.open(demo_copy)
    yield s
    s.close()


def _edit(store, key, text):
    section = next(s for s in plan_db.sections(store) if s.key == key)
    section.text = text
    plan_db.save_section(store, section)


def test_figures_in_an_edited_text_follow_the_data(store):
    _edit(store, "doctor_service", "Vi har {antall_arenaer} arenaer og {antall_alis} ALIS "
                                   "i {kommune}.")
    inside = sum(1 for a in store.all("arenas") if a.inside_municipality and not a.archived)
    name = store.municipality().name
    assert f"Vi har {inside} arenaer" in text_of(municipal_plan.build_for(store, DAY))
    store.save(Arena(name="Nytt legesenter", type="gp_office"))
    m = store.municipality()
    m.name = "Nyby kommune"
    store.save(m)
    text = text_of(municipal_plan.build_for(store, DAY))
    assert f"Vi har {inside + 1} arenaer" in text and "i Nyby kommune." in text
    assert name not in text


def test_unknown_placeholder_is_printed_as_written_and_reported(store):
    _edit(store, "leave", "Se {ferieplan} for {kommune}.")
    document = municipal_plan.document_for(store, DAY)
    assert document["warnings"] == ["Ukjent felt {ferieplan} i «Permisjoner og fravær»."]
    assert "Se {ferieplan} for" in text_of(municipal_plan.render_pdf(document))


def test_adopted_version_reprints_identically_after_the_data_changes(store):
    version = municipal_plan.adopt(store, "2.0", date(2026, 11, 30), "Kommunalsjef helse")
    assert version.sha256 and version.pdf.startswith(b"%PDF")
    text = text_of(version.pdf)
    assert "Versjon 2.0, vedtatt 30.11.2026 av Kommunalsjef helse" in text
    # Everything changes afterwards ...
    _edit(store, "intro", "En helt ny innledning.")
    m = store.municipality()
    m.name = "Omdøpt kommune"
    store.save(m)
    store.save(PlanContact(role="Ny rolle", name="Ny person"))
    kept = store.get("plan_versions", version.id)
    assert municipal_plan.reprint(kept) == kept.pdf  # ... the adopted plan does not.
    info = reader(kept.pdf).metadata
    assert info.creation_date.date() == date(2026, 11, 30)
    draft = text_of(municipal_plan.build_for(store, DAY))
    assert "En helt ny innledning." in draft and "Gjeldende versjon: 2.0" in draft


def test_contacts_conditions_and_per_goal_activities_are_printed(store):
    arena = next(a for a in store.all("arenas") if a.type == "out_of_hours")
    store.save(PlanContact(position=0, role="Kommuneoverlege", name="Bjarne Rosenblad",
                           phone="92081879", email="bjarne@kommune.no"))
    store.save(PlanContact(position=1, role="Fagkoordinerende lege", name="Ola Lege",
                           phone="45251197", email="ola@kommune.no"))
    store.save(ArenaCondition(arena_id=arena.id, text="Forutsetter 2 vakter per måned."))
    store.save(ArenaActivity(arena_id=arena.id, goal_code="ALM-068",
                             here="Minimum 40 legevakter utenom kontorets åpningstider",
                             elsewhere="Prosedyreliste akuttmedisin"))
    text = text_of(municipal_plan.build_for(store, DAY))
    for expected in ("Bjarne Rosenblad", "92081879", "bjarne@kommune.no", "Ola Lege",
                     "45251197", "Fagkoordinerende lege", "Forutsetter 2 vakter per måned.",
                     "Læringsaktivitet på arenaen", "Læringsaktivitet på annet vis",
                     "ALM 068", "Minimum 40 legevakter utenom kontorets åpningstider",
                     "Prosedyreliste akuttmedisin"):
        assert expected in text, expected


def test_course_table_is_printed(store):
    text = text_of(municipal_plan.build_for(store, DAY))
    assert "Grunnkurs A: Allmennlegen og fastlegekontoret" in text
    assert "ALM: 040, 065, 066, 067, 069, 070" in text  # Kurs i akuttmedisin (Drammen 8)


def _toc_lines(data: bytes) -> dict[str, int]:
    """Heading -> page number as the printed table of contents gives it: the text of the
    contents pages grouped into lines by their position on the page."""
    out = {}
    for page in reader(data).pages[1:4]:
        fragments = []

        def visit(text, cm, tm, font, size, fragments=fragments):
            if text.strip():
                fragments.append((round(cm[5] + tm[5]), cm[4] + tm[4], text.strip()))

        page.extract_text(visitor_text=visit)
        lines: dict[int, list] = {}
        for y, x, text in fragments:
            lines.setdefault(y, []).append((x, text))
        for y, parts in lines.items():
            line = " ".join(" ".join(t for _, t in sorted(parts)).split())
            found = re.fullmatch(r"(.+?)[\s.]*?(\d+)", line)
            if found and " . ." in line:
                out[found.group(1).rstrip(" .")] = int(found.group(2))
    return out


def test_table_of_contents_page_numbers_match_the_pages(store):
    data = municipal_plan.build_for(store, DAY)
    document = municipal_plan.document_for(store, DAY)
    pages = page_texts(data)
    outline = reader(data).outline
    r = reader(data)
    flat = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                flat.append((item.title, r.get_destination_page_number(item) + 1))

    walk(outline)
    assert [t for t, _ in flat] == [t for _, t in headings(document)]
    printed = _toc_lines(data)
    for title, page in flat:
        assert title in pages[page - 1], (title, page)  # the bookmark's page has the heading
        assert printed.get(" ".join(title.split())) == page, (title, page, printed)
    assert len(flat) > 20


def test_word_copy_has_the_same_headings_as_the_pdf(store):
    document = municipal_plan.document_for(store, DAY)
    docx = render_docx(document)
    pdf_data = municipal_plan.render_pdf(document)
    assert headings_of(docx) == headings(document)
    r = reader(pdf_data)
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(r.outline)
    assert [t for _, t in headings_of(docx)] == titles


def test_pdf_metadata_title_author_and_the_plans_own_date(store):
    info = reader(municipal_plan.build_for(store, DAY)).metadata
    assert info.title == "Utdanningsplan for spesialistutdanning i allmennmedisin"
    assert info.author == store.municipality().name
    assert info.creation_date.date() == DAY
    # The same plan printed twice the same day gives the same bytes.
    assert municipal_plan.build_for(store, DAY) == municipal_plan.build_for(store, DAY)


def test_links_are_clickable(store):
    data = municipal_plan.build_for(store, DAY)
    uris = []
    for page in reader(data).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert any("helsedirektoratet.no" in u for u in uris)
    assert any("legeforeningen.no" in u for u in uris)
    # The contents' lines jump to their pages.
    r = reader(data)
    jumps = [a.get_object() for a in r.pages[1].get("/Annots") or []
             if a.get_object().get("/Subtype") == "/Link" and "/Dest" in a.get_object()]
    assert len(jumps) >= 20


def test_own_section_and_appendix_printed_in_order(store):
    plan_db.save_section(store, PlanSection(title="Lokale rutiner", text="Egen tekst her."))
    plan_db.save_section(store, PlanSection(kind="appendix", title="Prosedyreliste",
                                            text="- EKG\n- Audiometri"))
    document = municipal_plan.document_for(store, DAY)
    texts = [t for _, t in headings(document)]
    assert texts[-1] == "Vedlegg 1: Prosedyreliste"
    assert texts[-2].endswith("Kontaktpersoner i kommunen") is False  # own section after
    assert any(t.endswith(". Lokale rutiner") for t in texts)
    assert "• EKG" in text_of(municipal_plan.render_pdf(document)) or \
        "EKG" in text_of(municipal_plan.render_pdf(document))


def test_cli_writes_pdf_and_docx(demo_copy, tmp_path):
    from tests.conftest import run_cli
    for name in ("plan.pdf", "plan.docx"):
        out = tmp_path / name
        run_cli("report", "municipal-plan", demo_copy, "--to", "2026-12-03", "--out", out)
        assert out.stat().st_size > 10_000
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert headings_of((tmp_path / "plan.docx").read_bytes())[0] == (1, "1. Innledning")


def test_cli_reprints_an_adopted_version(demo_copy, tmp_path):
    from tests.conftest import run_cli
    store = Store.open(demo_copy)
    version = municipal_plan.adopt(store, "1.0", date(2026, 11, 30), "Kommunestyret")
    store.close()
    out = tmp_path / "vedtatt.pdf"
    run_cli("report", "municipal-plan", demo_copy, "--plan-version", "1.0", "--out", out)
    assert out.read_bytes() == version.pdf
    missing = run_cli("report", "municipal-plan", demo_copy, "--plan-version", "9",
                      "--out", out, check=False)
    assert missing.returncode == 2 and "Finner ikke vedtatt versjon «9»" in missing.stderr


def test_an_old_file_prints_the_default_sections(tmp_path):
    """A file of schema version 1 (before the plan's lists) opens and prints the plan."""
    fixture = Path(__file__).resolve().parent.parent / "db" / "fixtures" / "schema-v1.alis"
    copy = tmp_path / "gammel.alis"
    shutil.copy(fixture, copy)
    store = Store.open(copy)
    try:
        document = municipal_plan.document_for(store, DAY)
        text = text_of(municipal_plan.render_pdf(document))
    finally:
        store.close()
    from alis_desktop.plan_text import default_sections
    assert [s["key"] for s in document["sections"]] == [d.key for d in default_sections()]
    assert "1. Innledning" in text and "Kontaktpersoner i kommunen" in text


def test_title_page_logo_and_an_unreadable_logo(store, tmp_path):
    from PIL import Image
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), "#1f3a5f").save(logo)
    m = store.municipality()
    m.logo_path = str(logo)
    store.save(m)
    document = municipal_plan.document_for(store, DAY)
    first = reader(municipal_plan.render_pdf(document)).pages[0]
    assert len(first.images) == 1  # the logo on the title page
    from docx import Document
    import io
    assert len(Document(io.BytesIO(render_docx(document))).inline_shapes) == 1
    logo.write_text("ikke et bilde")
    text = text_of(municipal_plan.render_pdf(document))
    assert "Utdanningsplan for spesialistutdanning i allmennmedisin" in text
    assert headings_of(render_docx(document))[0] == (1, "1. Innledning")
