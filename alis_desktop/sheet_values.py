"""Reading one spreadsheet cell as the value a record field wants.

Cells come as Excel and Norwegian offices write them: dates as dd.mm.åååå, d.m.åå, ISO,
Excel's own date cells (datetime) or serial numbers; percentages as 80, "80 %" or 0,8;
decimal commas; HPR numbers as text or as numbers; coded values as the Norwegian labels the
program shows (case and spacing ignored). Every reader raises ValueError with the Norwegian
tail of a row error ("31.02.2024 er ikke en dato"); the caller adds the row and column.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from alis_desktop.vocab import Vocab

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1 January 1900 (Excel's 1900 leap-year bug)
# Serial numbers plausible as dates in this program: 1954 .. 2064.
_SERIAL_RANGE = (20000, 60000)

_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_HOURS_SUFFIX = re.compile(r"\s*(t|timer|time|h)\.?$", re.IGNORECASE)
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def norm(text) -> str:
    """For matching names and labels: case and runs of white space ignored."""
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value) -> str:
    """A cell as the user typed it, for messages: whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == time() else str(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _two_digit_year(yy: int, today: date) -> int:
    """'85' is 1985 and '24' is 2024: a two-digit year up to ten years ahead is this
    century (planned periods), anything later the last one (birth dates)."""
    return 2000 + yy if yy <= (today.year % 100) + 10 else 1900 + yy


def read_date(value, today: date | None = None) -> date:
    today = today or date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value, shown(value))
    text = shown(value)
    found = _DMY.match(text)
    try:
        if found:
            day, month, year = (int(g) for g in found.groups())
            if len(found.group(3)) == 2:
                year = _two_digit_year(year, today)
            return date(year, month, day)
        found = _ISO.match(text)
        if found:
            year, month, day = (int(g) for g in found.groups())
            return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text} er ikke en dato") from None
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial(float(text), text)
    raise ValueError(f"{text} er ikke en dato (skriv dd.mm.åååå)")


def _serial(number: float, text: str) -> date:
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise ValueError(f"{text} er ikke en dato (skriv dd.mm.åååå)")
    return EXCEL_EPOCH + timedelta(days=int(number))


def read_number(value) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{value} er ikke et tall")
    if isinstance(value, (int, float)):
        return float(value)
    text = shown(value).replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(text):
        raise ValueError(f"{shown(value)} er ikke et tall")
    return float(text.replace(",", "."))


def read_hours(value) -> float:
    """1,5 / 1.5 / '1,5 t' / '2 timer' (hours only; '90 min' is refused)."""
    original = shown(value)
    if isinstance(value, str):
        value = _HOURS_SUFFIX.sub("", value.strip())
    try:
        return read_number(value)
    except ValueError:
        raise ValueError(f"{original} er ikke et antall timer") from None


def read_percent(value) -> float:
    """80, '80 %', '80%', 0,8 and 0.8 are all 80 %: a share of 1 or less is a fraction
    (Excel stores a cell formatted as percent as the fraction)."""
    text = shown(value)
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip()
    try:
        number = read_number(value)
    except ValueError:
        raise ValueError(f"{text} er ikke en prosent") from None
    if 0 < number <= 1:
        number *= 100
    return round(number, 4)


def read_hpr(value) -> str:
    """HPR as text or as a number cell (1234567.0): digits only, spaces removed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s.]", "", shown(value))
    if not text.isdigit():
        raise ValueError(f"{shown(value)} er ikke et HPR-nummer (bare siffer)")
    return text


_YES = {"ja", "j", "x", "1", "sann", "true", "yes", "y"}
_NO = {"nei", "n", "0", "usann", "false", "no", ""}


def read_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    key = norm(shown(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(f"{shown(value)} er verken ja eller nei")


def read_time(value) -> time:
    """A clock time from a duty roster: '08:00', '8.00', or an Excel time cell."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # an Excel time as a day fraction
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    found = _TIME.match(shown(value))
    if found and int(found.group(1)) < 24 and int(found.group(2)) < 60:
        return time(int(found.group(1)), int(found.group(2)))
    raise ValueError(f"{shown(value)} er ikke et klokkeslett (skriv tt:mm)")


def shift_hours(start: time, end: time) -> float:
    """Length of a shift from start to end; an end at or before the start is the next day."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes <= 0:
        minutes += 24 * 60
    return minutes / 60


def vocab_reader(vocab: type[Vocab], aliases: dict[str, str] | None = None):
    """A reader of a coded value by its Norwegian label (or stored code, or an alias),
    case and spacing ignored."""
    table = {}
    for member in vocab:
        table[norm(member.value)] = member.value
        table[norm(member.label)] = member.value
    for alias, code in (aliases or {}).items():
        table.setdefault(norm(alias), code)
    allowed = ", ".join(m.label for m in vocab)

    def read(value) -> str:
        found = table.get(norm(shown(value)))
        if found is None:
            raise ValueError(f"«{shown(value)}» er ikke et gyldig valg. Gyldige valg: {allowed}")
        return found
    return read
