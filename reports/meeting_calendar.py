"""Review meetings as a calendar file (.ics, RFC 5545) that Outlook, Google Calendar and
Apple Calendar import: one event per meeting, titled with the kind of meeting and the
doctor's name, at the meeting's time in Europe/Oslo (with its VTIMEZONE, so summer time is
right in every client), at its place, with the doctor and the supervisor as attendees when
they have e-mail addresses, and the preparation agenda (the items of reports/agenda.py, as
text) in the description.

Each meeting keeps its UID from export to export, so importing a second export updates the
event instead of adding a copy; SEQUENCE grows with the time of export so clients take the
newer one. A meeting without a time of day becomes an all-day event.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from alis_desktop.catalog import catalog
from alis_desktop.dates import add_months, fmt, years_months
from alis_desktop.vocab import GoalState, MeetingKind

TIMEZONE = "Europe/Oslo"
MEETING_MINUTES = 60  # a review meeting's usual length; the leader moves the end if needed
_SEQUENCE_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def planned_meetings(store, start: date | None = None, end: date | None = None,
                     doctor_id: int | None = None) -> list:
    """Meetings not yet held, dated within [start, end] (open ends), by date."""
    where, params = ["held = 0"], []
    if start is not None:
        where.append("date >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("date <= ?")
        params.append(end.isoformat())
    if doctor_id is not None:
        where.append("doctor_id = ?")
        params.append(doctor_id)
    return store.all("meetings", " AND ".join(where), params, order_by="date, id")


def title(meeting, doctor) -> str:
    return f"{MeetingKind.label_of(meeting.kind)}: {doctor.name} (ALIS)"


def uid(meeting, municipality) -> str:
    """Stable per meeting and per municipality's file (two files may both have meeting 7)."""
    owner = hashlib.sha256(f"{municipality.org_number}|{municipality.name}".encode()).hexdigest()
    return f"alis-meeting-{meeting.id}-{owner[:12]}@alis-desktop"


def agenda_text(store, meeting, doctor, as_of: date) -> str:
    """The preparation agenda as plain text: status, requirements behind, goals ready for
    approval, open actions and the plan agreed earlier (the sections of reports/agenda.py)."""
    bundle = store.bundles(doctor.id)[doctor.id]
    p = store.progress(as_of, doctor.id)[doctor.id]
    titles = {g.code: g.title for g in catalog(store.all("goal_texts"),
                                               fkm_version=doctor.catalog_version)}
    year_ago = add_months(as_of, -12)
    hours_12m = sum(s.hours for s in bundle.supervision_sessions
                    if not s.planned and year_ago < s.date <= as_of)
    held = [mt for mt in bundle.meetings if mt.held and mt.date <= as_of]
    last = held[-1] if held else None

    def section(heading, lines):
        return [heading] + ([f"- {x}" for x in lines] or ["- Ingen."]) + [""]

    out = [f"Forberedelse til {MeetingKind.label_of(meeting.kind).lower()} for {doctor.name}",
           f"Tall per {fmt(as_of)} fra ALIS Desktop.", ""]
    out += section("1. Status", [
        f"Tellende tjeneste: {years_months(p.counted_months)} ({p.pct_complete:.0f} % av 5 år)",
        f"Beregnet ferdig: {fmt(p.projected_completion) or p.projection_note}",
        f"Veiledning siste 12 mnd: {hours_12m:.1f} t (mål 42 t per år)".replace(".", ","),
        f"Forrige møte: {fmt(last.date)}" if last else "Forrige møte: ingen holdt ennå"])
    out += section("2. Krav som ligger etter",
                   [r.label for r in p.requirements if r.status == "behind"])
    out += section("3. Læringsmål klare til godkjenning",
                   [f"{g.goal_code} {titles.get(g.goal_code, '')}".strip()
                    for g in bundle.goal_statuses if g.state == GoalState.SUBMITTED])
    out += section("4. Tiltak som fortsatt er åpne",
                   [f"{a.what} ({a.who}, frist {fmt(a.due_date)})" if a.due_date else
                    f"{a.what} ({a.who})" for a in bundle.meeting_actions if not a.done_date])
    items = store.all("plan_items", "doctor_id = ?", [doctor.id])
    out += section("5. Planen fra forrige møte",
                   [f"{i.text} ({fmt(i.due_date)})" if i.due_date else i.text for i in items])
    out += ["6. Plan for de neste seks månedene", "", "7. Eventuelt"]
    return "\n".join(out)


def _supervisor_of(store, bundle, on: date):
    current = [a for a in bundle.supervisor_assignments
               if a.start_date <= on and (a.end_date is None or a.end_date >= on)]
    if not current:
        return None
    return store.get("supervisors", max(current, key=lambda a: a.start_date).supervisor_id)


def _attendee(name: str, email: str, role: str = "REQ-PARTICIPANT"):
    from icalendar import vCalAddress
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    address.params["ROLE"] = role
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    address.params["CUTYPE"] = "INDIVIDUAL"
    return address


def build_ics(store, meetings, *, now: datetime | None = None,
              as_of: date | None = None) -> bytes:
    """The .ics file's bytes for `meetings` (ReviewMeeting records)."""
    from icalendar import Calendar, Event, vCalAddress

    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    as_of = as_of or date.today()
    oslo = ZoneInfo(TIMEZONE)
    mu = store.municipality()
    cal = Calendar()
    cal.add("prodid", "-//ALIS Desktop//Oppfølgingsmøter//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # No METHOD: a plain calendar to import, not an iTIP message (PUBLISH forbids the
    # attendees we list; REQUEST would make each client send answers).
    cal.add("x-wr-calname", f"ALIS-møter {mu.name}".strip())
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add_component(oslo_vtimezone())  # before the events that refer to it
    sequence = int((now - _SEQUENCE_EPOCH).total_seconds() // 60)
    for meeting in meetings:
        doctor = store.get("doctors", meeting.doctor_id)
        bundle = store.bundles(doctor.id)[doctor.id]
        event = Event()
        event.add("uid", uid(meeting, mu))
        event.add("dtstamp", now)
        event.add("sequence", max(sequence, 0))
        event.add("summary", title(meeting, doctor))
        if meeting.start_time:
            hh, mm = (int(x) for x in meeting.start_time.split(":"))
            start = datetime.combine(meeting.date, time(hh, mm), tzinfo=oslo)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=MEETING_MINUTES))
        else:
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        if meeting.place:
            event.add("location", meeting.place)
        event.add("description", agenda_text(store, meeting, doctor, as_of))
        if mu.leader_name and mu.contact_email:
            organizer = vCalAddress(f"mailto:{mu.contact_email}")
            organizer.params["CN"] = mu.leader_name
            event.add("organizer", organizer)
        if doctor.email:
            event.add("attendee", _attendee(doctor.name, doctor.email))
        supervisor = _supervisor_of(store, bundle, meeting.date)
        if supervisor is not None and supervisor.email:
            event.add("attendee", _attendee(supervisor.name, supervisor.email))
        event.add("categories", ["ALIS"])
        cal.add_component(event)
    return cal.to_ical()


def oslo_vtimezone():
    """Europe/Oslo as the two yearly rules Outlook itself writes (EU summer time since
    1996: last Sunday of March 02:00 to last Sunday of October 03:00). Generated from the
    tz database instead, the component lists every change as dates up to 2038, which some
    Outlook versions misread; tests check these rules against the tz database."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard
    tz = Timezone()
    tz.add("tzid", TIMEZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz
