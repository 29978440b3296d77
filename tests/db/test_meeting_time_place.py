"""Meetings' time of day and place (migration 0002_meeting_time_place): an older file gains
them empty, they are saved and read back, and an export from before them still imports."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from db import migrations
from db.exchange import dumps, export_data, import_data, load_json
from db.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_schema_1_file_gains_empty_time_and_place(tmp_path):
    path = tmp_path / "gammel.alis"
    shutil.copy(FIXTURES / "schema-v1.alis", path)
    store = Store.open(path)
    try:
        assert store.schema_version() == migrations.LATEST
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(meetings)")]
        assert columns[-2:] == ["start_time", "place"]
        for meeting in store.all("meetings"):
            assert (meeting.start_time, meeting.place) == ("", "")
    finally:
        store.close()


def test_time_and_place_are_saved_and_read_back(demo_copy):
    store = Store.open(demo_copy)
    try:
        doctor = store.all("doctors")[0]
        saved = store.save(m.ReviewMeeting(
            doctor_id=doctor.id, date=date(2027, 3, 4), held=False, start_time="09:30",
            place="Møterom Fjellet, rådhuset"))
        again = store.get("meetings", saved.id)
        assert (again.start_time, again.place) == ("09:30", "Møterom Fjellet, rådhuset")
    finally:
        store.close()


@pytest.mark.parametrize("bad", ["9.30", "25:00", "09:60", "halv ti"])
def test_a_time_that_is_not_hh_mm_is_refused_in_norwegian(bad):
    meeting = m.ReviewMeeting(doctor_id=1, date=date(2027, 3, 4), start_time=bad)
    with pytest.raises(ValidationError, match="tt:mm"):
        meeting.validate()


def test_an_export_without_the_new_fields_still_imports(demo_file, tmp_path):
    store = Store.open(demo_file, read_only=True)
    try:
        data = json.loads(dumps(export_data(store)))
    finally:
        store.close()
    for meeting in data["meetings"]:
        del meeting["start_time"], meeting["place"]  # as written before schema 2
    target = Store.open(tmp_path / "ny.alis", create=True)
    try:
        counts = import_data(target, load_json(json.dumps(data)))
        assert counts["meetings"] == len(data["meetings"]) > 0
        assert {mt.place for mt in target.all("meetings")} == {""}
    finally:
        target.close()
