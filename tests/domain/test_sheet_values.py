"""Cells as Norwegian offices write them, read into field values (alis_desktop/sheet_values)."""

from datetime import date, datetime, time

import pytest

from alis_desktop import sheet_values as v
from alis_desktop.vocab import LeaveKind, ServiceCategory

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize("cell, expected", [
    ("03.04.1988", date(1988, 4, 3)),
    ("3.4.1988", date(1988, 4, 3)),
    ("3.4.88", date(1988, 4, 3)),           # two-digit year of a birth date: last century
    ("1.3.25", date(2025, 3, 1)),           # two-digit year near today: this century
    ("01.09.36", date(2036, 9, 1)),         # up to ten years ahead (planned periods)
    ("2024-02-01", date(2024, 2, 1)),
    ("2024-02-01 00:00:00", date(2024, 2, 1)),  # a date cell Excel saved as text
    ("01/02/2024", date(2024, 2, 1)),
    (datetime(2023, 9, 1), date(2023, 9, 1)),  # Excel's own date cell (openpyxl)
    (date(2023, 9, 1), date(2023, 9, 1)),
    (45292, date(2024, 1, 1)),              # a serial number in an unformatted cell
    (45292.0, date(2024, 1, 1)),
    ("45292", date(2024, 1, 1)),            # ... and as text in a CSV
])
def test_every_date_form_is_read(cell, expected):
    assert v.read_date(cell, TODAY) == expected


@pytest.mark.parametrize("cell, message", [
    ("31.02.2024", "31.02.2024 er ikke en dato"),
    ("32.1.2024", "32.1.2024 er ikke en dato"),
    ("i fjor", "i fjor er ikke en dato (skriv dd.mm.åååå)"),
    (12, "12 er ikke en dato (skriv dd.mm.åååå)"),  # a number far from any date
])
def test_a_non_date_says_so_in_norwegian(cell, message):
    with pytest.raises(ValueError) as exc:
        v.read_date(cell, TODAY)
    assert str(exc.value) == message


@pytest.mark.parametrize("cell", [80, 80.0, "80", "80 %", "80%", " 80 % ", "0,8", "0.8", 0.8])
def test_every_percentage_form_is_80(cell):
    assert v.read_percent(cell) == 80


def test_full_position_and_decimal_percent():
    assert v.read_percent("100") == 100
    assert v.read_percent(1) == 100  # Excel's 100 % cell holds 1
    assert v.read_percent("62,5 %") == 62.5
    with pytest.raises(ValueError, match="hel er ikke en prosent"):
        v.read_percent("hel")


@pytest.mark.parametrize("cell, hours", [
    ("1,5", 1.5), ("1.5", 1.5), (1.5, 1.5), ("1,5 t", 1.5), ("2 timer", 2.0), (2, 2.0),
    ("0,75", 0.75),
])
def test_hours_with_decimal_comma(cell, hours):
    assert v.read_hours(cell) == hours


def test_bad_hours_named():
    with pytest.raises(ValueError, match="halv time er ikke et antall timer"):
        v.read_hours("halv time")


@pytest.mark.parametrize("cell", [1234567, 1234567.0, "1234567", "123 4567", " 1234567 "])
def test_hpr_as_text_or_number(cell):
    assert v.read_hpr(cell) == "1234567"


def test_hpr_with_letters_refused():
    with pytest.raises(ValueError, match="HPR"):
        v.read_hpr("12a4567")


def test_coded_values_by_the_programs_own_labels_case_and_spacing_ignored():
    read = v.vocab_reader(ServiceCategory)
    assert read("Åpen uselektert allmennpraksis") == "gp_unselected"
    assert read("  åpen   USELEKTERT allmennpraksis ") == "gp_unselected"
    assert read("institusjonstjeneste") == "institution"
    assert read("gp_other") == "gp_other"  # the stored code works too
    with pytest.raises(ValueError) as exc:
        read("Sykehus i nabobyen")
    assert "Gyldige valg: Åpen uselektert allmennpraksis" in str(exc.value)


def test_leave_kind_aliases():
    from alis_desktop.sheet_kinds import LEAVE_ALIASES
    read = v.vocab_reader(LeaveKind, LEAVE_ALIASES)
    assert read("Sykmelding") == "sickness"
    assert read("FORELDREPERMISJON") == "parental"
    assert read("Ulønnet permisjon") == "unpaid"


def test_clock_times_and_shift_length_over_midnight():
    assert v.read_time("15:30") == time(15, 30)
    assert v.read_time("8.00") == time(8, 0)
    assert v.read_time(0.5) == time(12, 0)  # Excel time cell as a day fraction
    assert v.shift_hours(time(15, 30), time(23, 0)) == 7.5
    assert v.shift_hours(time(23, 0), time(8, 0)) == 9.0
    with pytest.raises(ValueError, match="klokkeslett"):
        v.read_time("25:00")


@pytest.mark.parametrize("cell, value", [("ja", True), ("Nei", False), ("x", True), ("", False),
                                         (1, True)])
def test_yes_no(cell, value):
    assert v.read_bool(cell) is value


@pytest.mark.parametrize("cell, code", [
    ("Avtalt", "completed"), ("Foreløpig", "planned"),
    # A leader's sheet from before the statuses were renamed (or written by hand) says
    # what the program itself said then.
    ("Gjennomført", "completed"), ("gjennomført", "completed"), ("Planlagt", "planned"),
])
def test_a_placement_status_is_read_by_its_labels_old_and_new(cell, code):
    from alis_desktop.sheet_kinds import KINDS
    status = next(f for f in KINDS["placements"].fields if f.key == "status")
    assert status.read(cell) == code
