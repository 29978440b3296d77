"""The handover pack: one action writes a verified copy of the file and a PDF with every
doctor's status, open actions, supervisors, agreements and deadlines."""

from __future__ import annotations

import hashlib

from alis_desktop.dates import add_months, fmt
from db.store import Store
from reports import handover
from tests.conftest import TODAY
from tests.reports.pdftools import text_of


def test_pack_holds_a_verified_copy_named_in_the_pdf(demo_copy, tmp_path):
    store = Store.open(demo_copy)
    try:
        pack = handover.write_pack(store, tmp_path / "overlevering", TODAY)
        second = handover.write_pack(store, tmp_path / "overlevering", TODAY)
        doctors = store.all("doctors")
        actions = [a for a in store.all("meeting_actions") if a.done_date is None]
        supervisors = store.all("supervisors")
    finally:
        store.close()
    assert pack.copy.sha256 == hashlib.sha256(pack.copy.path.read_bytes()).hexdigest()
    assert second.copy.path != pack.copy.path  # a second pack the same day keeps the first
    text = text_of(pack.pdf.read_bytes())
    assert pack.copy.sha256 in text and "OK (SQLite integrity_check)" in text
    assert pack.copy.path.name in text
    for d in doctors:
        assert d.name in text
    for a in actions:
        assert a.what in text
    for s in supervisors:
        assert s.name in text
    copy, original = (Store.open(pack.copy.path, read_only=True),
                      Store.open(demo_copy, read_only=True))
    try:
        assert copy.counts() == original.counts()
    finally:
        copy.close()
        original.close()


def test_deadlines_include_overdue_meetings_and_grant_ends(demo_file):
    store = Store.open(demo_file, read_only=True)
    try:
        bundles = store.bundles()
        ending = bundles[5].doctor
        ending.grant_end_date = add_months(TODAY, 2)  # the grant period ends soon
        due = handover.deadlines(bundles, {s.id: s for s in store.all("supervisors")},
                                 store.all("plan_items"), store.progress(TODAY), TODAY)
    finally:
        store.close()
    assert [d.when for d in due] == sorted(d.when for d in due)
    assert any(d.what == "Oppfølgingsmøte (forfalt)" and d.when < TODAY for d in due)
    assert any(x.doctor == ending.name and x.what == "Tilskuddsperioden slutter"
               and x.when == ending.grant_end_date for x in due)
    grant_ends = [x for x in due if x.what == "Tilskuddsperioden slutter"]
    assert all(TODAY <= x.when <= add_months(TODAY, 6) for x in grant_ends)


def test_pdf_without_copy_says_so(demo_file):
    store = Store.open(demo_file, read_only=True)
    try:
        text = text_of(handover.build_for(store, TODAY))
    finally:
        store.close()
    assert "Ingen kopi laget sammen med dette dokumentet" in text
    assert "Frister de neste 6 månedene" in text and fmt(TODAY) in text
