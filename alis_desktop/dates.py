"""Dates as people read them (dd.mm.åååå) and as files store them (ISO)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# Day, month, year as Norwegians type them: 05.03.2025, 5.3.25, 01/09/2025, 1/9-25, 1-9-2025.
_NORWEGIAN = re.compile(r"^\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})\s*$")
# A two-digit year is read as the one nearest before today + this many years (25 -> 2025,
# 92 -> 1992): training dates lie near now, birth dates decades back.
_TWO_DIGIT_AHEAD = 20
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")

MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember"]


def fmt(d: date | None) -> str:
    """Norwegian display form, empty for None."""
    return d.strftime("%d.%m.%Y") if d else ""


def parse(text: str, *, today: date | None = None) -> date:
    """Read dd.mm.åååå (also 1.9.25, 01/09/2025, 1/9-25) or åååå-mm-dd; raise ValueError
    with a Norwegian message. A two-digit year is taken in the century that puts it at
    most 20 years after `today` (default: the real today)."""
    m = _ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    elif m := _NORWEGIAN.match(text):
        day, month, year_text = int(m.group(1)), int(m.group(2)), m.group(3)
        year = int(year_text)
        if len(year_text) == 2:
            limit = (today or date.today()).year + _TWO_DIGIT_AHEAD
            year += 2000 if 2000 + year <= limit else 1900
    else:
        raise ValueError(f"«{text}» er ikke en dato (skriv dd.mm.åååå)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"«{text}» er ikke en gyldig dato") from None


def add_months(d: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day."""
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    # A table look-up: called for every service day and run in the supervision targets.
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month]


def overlap_days(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    """Days in both inclusive ranges."""
    start, end = max(a_start, b_start), min(a_end, b_end)
    return (end - start).days + 1 if end >= start else 0


def month_span(start: date, end: date):
    """Yield (first, last) inclusive sub-ranges of [start, end], one per calendar month."""
    cur = start
    while cur <= end:
        last_of_month = date(cur.year, cur.month, days_in_month(cur.year, cur.month))
        last = min(end, last_of_month)
        yield cur, last
        cur = last + timedelta(days=1)


def years_months(months: float) -> str:
    """Counted service as the attestations state it: '2 år og 3 mnd'."""
    whole = int(months + 1e-9)  # whole months served; never round up
    years, rest = divmod(whole, 12)
    if years and rest:
        return f"{years} år og {rest} mnd"
    if years:
        return f"{years} år"
    return f"{rest} mnd"
