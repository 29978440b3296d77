"""The meeting's papers name the time and place the meeting dialog records (and the
calendar invitation carries): the preparation sheet for a booked meeting, and the minutes."""

import dataclasses
from datetime import date, timedelta

from db.store import Store
from reports.agenda import build_agenda
from reports.minutes import minutes_for
from tests.reports.pdftools import text_of


def test_preparation_sheet_is_for_the_booked_meeting_with_its_time_and_place(demo_copy):
    store = Store.open(demo_copy)
    try:
        held = next(mt for mt in store.all("meetings") if mt.held)
        today = date.today()
        booked = store.save(dataclasses.replace(
            held, id=None, held=False, date=today + timedelta(days=9), start_time="09:30",
            place="Møterom Fjellet, rådhuset", snapshot={}))
        text = text_of(build_agenda(store, booked.doctor_id, today))
        assert f"Møtedato {booked.date:%d.%m.%Y}" in text
        assert "Klokkeslett 09:30" in text and "Sted Møterom Fjellet, rådhuset" in text
    finally:
        store.close()


def test_minutes_name_the_time_and_place(demo_copy):
    store = Store.open(demo_copy)
    try:
        held = next(mt for mt in store.all("meetings") if mt.held)
        store.save(dataclasses.replace(held, start_time="14:00", place="Legekontoret"))
        text = text_of(minutes_for(store, held.doctor_id, held.id))
        assert "Klokkeslett 14:00" in text and "Sted Legekontoret" in text
    finally:
        store.close()
