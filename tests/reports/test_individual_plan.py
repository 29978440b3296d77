"""The individual education plan: the Drammen template's section 10 row by row, figures
and colours from the rules engine, the next six months, the timeline."""

from __future__ import annotations

import pytest

from alis_desktop.dates import add_months, fmt
from db.store import Store
from reports import individual_plan as plan
from reports.common import STATUS_COLOURS, num
from reports.pdf import BLUE, GREEN, ON_TRACK, RED
from tests.conftest import TODAY
from tests.reports.pdftools import fill_colours, reader, rgb, text_of

# The requirement column of the template (section 10), in its order.
TEMPLATE = ["4,5 år i allmennpraksis", "2 år uselektert praksis", "40 legevakter",
            "0,5 år sykehus/institusjonstjeneste", "2 år veiledningsgruppe",
            "Veiledning minst 4 t/mnd i 10,5 mnd/år", "Skjema for praktiske ferdigheter",
            "Grunnkurs A + B + C + D", "Akuttmedisinkurs", "Emnekurs i minimum 6 ulike emner",
            "Praksisbesøk", "Nettkurs om vold og overgrep", "10 felleskonsultasjoner",
            "Planlagte permisjoner/fravær", "Observatør/medlem LSU", "Delta ALU",
            "Andre planlagte utdanningsaktiviteter"]
FKM = ["Nettkurs om sakkyndighetsarbeid", "Nettkurs om etikk", "Veilederkurs", "SKIL-kurs",
       "pasient- og brukermedvirkning", "HMS-kurs"]
DOCTOR = 7  # mid-way, institution service planned within six months


@pytest.fixture(scope="module")
def store(demo_file):
    s = Store.open(demo_file, read_only=True)
    yield s
    s.close()


def rows_for(store, doctor_id):
    bundle = store.bundles(doctor_id)[doctor_id]
    progress = store.progress(TODAY, doctor_id)[doctor_id]
    arenas = {a.id: a for a in store.all("arenas")}
    return plan.template_rows(bundle, progress, arenas, TODAY,
                              store.for_doctor("plan_items", doctor_id)), progress


def test_template_rows_in_order(store):
    rows, _ = rows_for(store, DOCTOR)
    assert len(rows) == len(TEMPLATE)
    for row, start in zip(rows, TEMPLATE):
        assert row.requirement.startswith(start)


def test_row_status_is_the_engines(store):
    for did in store.progress(TODAY):
        rows, progress = rows_for(store, did)
        by_start = {r.requirement.split(",")[0].split(" (")[0]: r for r in rows}
        assert by_start["2 år uselektert praksis"].status == \
            progress.requirement("gp_unselected_min").status
        assert by_start["40 legevakter"].status == progress.requirement("on_call").status
        assert by_start["Akuttmedisinkurs"].status == \
            progress.requirement("emergency_course").status
        on_call = progress.requirement("on_call")
        assert f"Antall gjennomført: {num(on_call.done)}." in by_start["40 legevakter"].description


def test_pdf_text_has_every_row_and_the_engines_figures(store):
    data = plan.build_for(store, DOCTOR, TODAY)
    text = text_of(data)
    for label in TEMPLATE + FKM + ["Plan for neste 6 måneder", "Tjenesteløp",
                                   "Kommentarer, særskilte behov eller hindringer"]:
        assert label in text, label
    progress = store.progress(TODAY, DOCTOR)[DOCTOR]
    sup = progress.requirement("supervision_hours")
    assert f"Gjennomført {num(sup.done)} av {num(sup.required)} timer" in text
    assert f"Søke spesialistgodkjenning (beregnet) {fmt(progress.projected_completion)}" in text
    item = store.for_doctor("plan_items", DOCTOR)[0]
    assert item.text in text
    doctor = store.get("doctors", DOCTOR)
    assert reader(data).metadata.subject.endswith(f"{doctor.name}, per {fmt(TODAY)}")


def test_template_colours_are_printed(store):
    """Green for met, blue for planned (the institution block starting in January) and red
    for not done: all three backgrounds are in the page content."""
    statuses = {r.status for r in rows_for(store, DOCTOR)[0]}
    assert {"met", "planned"} <= statuses and statuses & {"behind", "ok_so_far"}
    colours = fill_colours(plan.build_for(store, DOCTOR, TODAY))
    assert {rgb(GREEN), rgb(BLUE)} <= colours
    if "behind" in statuses:
        assert rgb(RED) in colours
    if "ok_so_far" in statuses:
        assert rgb(ON_TRACK) in colours
    # «I rute» is not a problem: it is not printed red (issue 18).
    assert STATUS_COLOURS["ok_so_far"] == ON_TRACK != RED


def test_timeline_chart_is_embedded(store):
    page_images = [img for page in reader(plan.build_for(store, DOCTOR, TODAY)).pages
                   for img in page.images]
    assert len(page_images) == 1
    assert page_images[0].image.size[0] > 1000  # printed sharp, not a thumbnail


def test_next_six_months_lists_planned_service(store):
    bundle = store.bundles(DOCTOR)[DOCTOR]
    arenas = {a.id: a for a in store.all("arenas")}
    upcoming = plan.next_six_months(bundle, store.for_doctor("plan_items", DOCTOR), arenas,
                                    TODAY)
    planned = [p for p in bundle.placements if p.status == "planned"
               and p.start_date <= add_months(TODAY, 6)]
    assert planned
    for p in planned:
        assert any(fmt(p.start_date) in r.what and r.kind == "Tjeneste" for r in upcoming)
    assert [r.when for r in upcoming] == sorted(r.when for r in upcoming)


def test_group_supervisor_two_leaders_labelled_lines_and_the_reminder(demo_copy):
    """Issue 18: the group supervisor's name (not the role word), both of Drammen's leaders,
    each group-supervision line labelled, the reminder in the template's bold capitals."""
    store = Store.open(demo_copy)
    try:
        doctor = store.get("doctors", DOCTOR)
        doctor.group_supervisor = "Gro Gruppeveileder"
        store.save(doctor)
        m = store.municipality()
        m.second_leader_name, m.second_leader_title = "Frida Fag", "Fagkoordinerende lege"
        store.save(m)
        text = text_of(plan.build_for(store, DOCTOR, TODAY))
    finally:
        store.close()
    assert "Gruppeveileder Gro Gruppeveileder" in text
    assert f"{m.leader_name} ({m.leader_title.lower()}) og Frida Fag (fagkoordinerende lege)" \
        in text
    assert "Over 2 år: Gjennomført" in text and "I åpen uselektert praksis: Gjennomført" in text
    assert "HUSK Å DOKUMENTERE LÆRINGSAKTIVITETER FORTLØPENDE I KOMPETANSEPORTALEN!" in text
