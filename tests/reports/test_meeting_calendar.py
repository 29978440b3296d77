"""Planned meetings to the calendar: the .ics read back with icalendar as a calendar program
would read it (events, times in Europe/Oslo, attendees, place, agenda, stable UIDs)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from alis_desktop import models as m
from db.store import Store
from reports.meeting_calendar import build_ics, planned_meetings
from tests.conftest import run_cli

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def store(demo_copy):
    store = Store.open(demo_copy)
    yield store
    store.close()


def _doctor_with_supervisor(store):
    for a in store.all("supervisor_assignments"):
        if a.end_date is None:
            return store.get("doctors", a.doctor_id), store.get("supervisors", a.supervisor_id)
    raise AssertionError("the demo has no current supervisor")


def _plan(store, doctor, when, at="", place="", held=False):
    return store.save(m.ReviewMeeting(doctor_id=doctor.id, date=when, start_time=at,
                                      place=place, held=held, kind="half_yearly"))


def _events(data: bytes):
    return Calendar.from_ical(data).walk("VEVENT")


def test_a_planned_meeting_becomes_an_event_in_oslo_time(store):
    doctor, supervisor = _doctor_with_supervisor(store)
    winter = _plan(store, doctor, date(2027, 1, 14), "09:30", "Møterom Fjellet, rådhuset")
    summer = _plan(store, doctor, date(2027, 6, 10), "13:00")
    events = {e["UID"]: e for e in _events(build_ics(store, [winter, summer]))}
    assert len(events) == 2
    w, s = sorted(events.values(), key=lambda e: e.decoded("DTSTART"))
    start = w.decoded("DTSTART")
    assert start == datetime(2027, 1, 14, 9, 30, tzinfo=OSLO)
    assert start.utcoffset() == timedelta(hours=1) and str(w["DTSTART"].params["TZID"]) == \
        "Europe/Oslo"
    assert w.decoded("DTEND") - start == timedelta(hours=1)
    assert s.decoded("DTSTART").astimezone(UTC).hour == 11  # 13:00 summer time
    assert str(w["SUMMARY"]) == f"Halvårlig oppfølgingsmøte: {doctor.name} (ALIS)"
    assert str(w["LOCATION"]) == "Møterom Fjellet, rådhuset"
    attendees = {str(a).lower(): str(a.params["CN"]) for a in w.get("ATTENDEE")}
    assert attendees == {f"mailto:{doctor.email}".lower(): doctor.name,
                         f"mailto:{supervisor.email}".lower(): supervisor.name}
    description = str(w["DESCRIPTION"])
    for heading in ("1. Status", "Tellende tjeneste", "3. Læringsmål klare til godkjenning",
                    "4. Tiltak som fortsatt er åpne"):
        assert heading in description


def test_the_uid_is_stable_across_two_exports(store):
    doctor, _ = _doctor_with_supervisor(store)
    one = _plan(store, doctor, date(2027, 2, 1), "10:00")
    two = _plan(store, doctor, date(2027, 3, 1), "10:00")
    first = _events(build_ics(store, [one, two],
                              now=datetime(2027, 1, 1, 8, tzinfo=UTC)))
    second = _events(build_ics(store, [one, two],
                               now=datetime(2027, 1, 2, 8, tzinfo=UTC)))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in second]
    assert len({str(e["UID"]) for e in first}) == 2
    # the later export is the newer revision, so a client replaces the event
    assert all(int(b["SEQUENCE"]) > int(a["SEQUENCE"]) for a, b in zip(first, second))


def test_a_meeting_without_time_is_an_all_day_event_and_no_email_no_attendee(store):
    doctor, _ = _doctor_with_supervisor(store)
    store.save(m.Doctor(**{**doctor.__dict__, "email": ""}))
    meeting = _plan(store, doctor, date(2027, 2, 1))
    (event,) = _events(build_ics(store, [meeting]))
    assert event.decoded("DTSTART") == date(2027, 2, 1)
    found = event.get("ATTENDEE", [])
    names = [str(a.params["CN"]) for a in (found if isinstance(found, list) else [found])]
    assert doctor.name not in names


def test_the_timezone_rules_agree_with_the_tz_database():
    from reports.meeting_calendar import oslo_vtimezone
    written = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + oslo_vtimezone().to_ical()
                                 + b"END:VCALENDAR\r\n")
    tz = written.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)  # our rules, not the name
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment.year < 2036:
        assert moment.astimezone(tz).utcoffset() == moment.astimezone(OSLO).utcoffset(), moment
        moment += timedelta(hours=7)


def test_planned_meetings_in_a_period_for_one_doctor(store):
    doctor, _ = _doctor_with_supervisor(store)
    other = next(d for d in store.all("doctors") if d.id != doctor.id)
    inside = _plan(store, doctor, date(2027, 2, 1), "10:00")
    _plan(store, doctor, date(2027, 9, 1), "10:00")       # after the period
    _plan(store, other, date(2027, 2, 2), "10:00")        # another doctor
    _plan(store, doctor, date(2027, 2, 3), "10:00", held=True)  # held, not planned
    found = planned_meetings(store, date(2027, 1, 1), date(2027, 6, 30), doctor.id)
    assert [mt.id for mt in found] == [inside.id]


def test_the_calendar_command_writes_an_ics_that_reads_back(demo_copy, tmp_path):
    store = Store.open(demo_copy)
    try:
        doctor, _ = _doctor_with_supervisor(store)
        _plan(store, doctor, date(2027, 2, 1), "08:15", "Legekontoret")
        _plan(store, doctor, date(2027, 8, 1), "08:15")
    finally:
        store.close()
    out = tmp_path / "Møter våren 2027.ics"
    proc = run_cli("calendar", demo_copy, "--out", out, "--from", "01.01.2027",
                   "--to", "30.06.2027", "--doctor", doctor.id)
    assert "Skrev 1 møte" in proc.stdout
    (event,) = _events(out.read_bytes())
    assert event.decoded("DTSTART") == datetime(2027, 2, 1, 8, 15, tzinfo=OSLO)
    assert doctor.name in str(event["SUMMARY"])


def test_the_calendar_command_says_why_a_calendar_is_empty(demo_copy, tmp_path):
    out = tmp_path / "tom.ics"
    proc = run_cli("calendar", demo_copy, "--out", out, "--from", "01.01.2040")
    assert "Skrev 0 møter" in proc.stdout and "Ingen planlagte møter i perioden" in proc.stdout
    assert _events(out.read_bytes()) == []
