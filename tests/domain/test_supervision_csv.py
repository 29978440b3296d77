"""Reading supervision sessions from CSV (alis_desktop/supervision_csv.py): every row
checked, errors and warnings per line, nothing importable unless all rows are good."""

from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.supervision_csv import decode, read_sessions

TODAY = date(2026, 11, 26)
DOCTORS = [m.Doctor(id=1, name="Ingrid Aasen", hpr_number="1234567", start_date=date(2024, 1, 1)),
           m.Doctor(id=2, name="Ola Bakke", start_date=date(2024, 1, 1)),
           m.Doctor(id=3, name="Ola Bakke", start_date=date(2025, 1, 1))]
SUPERVISORS = [m.Supervisor(id=1, name="Vera Veileder"), m.Supervisor(id=2, name="Per Privat")]
ASSIGNMENTS = [m.SupervisorAssignment(doctor_id=1, supervisor_id=1, start_date=date(2024, 1, 1)),
               m.SupervisorAssignment(doctor_id=2, supervisor_id=2, start_date=date(2024, 1, 1))]


def read(text, existing=()):
    return read_sessions(text, doctors=DOCTORS, supervisors=SUPERVISORS,
                         assignments=ASSIGNMENTS, existing=list(existing), today=TODAY)


def test_clean_file_with_norwegian_header_semicolons_and_comma_decimals():
    text = ("Dato;Lege;Veileder;Timer;Merknad\n"
            "03.11.2026;Ingrid Aasen;Vera Veileder;1,5;Kasus\n"
            "2026-11-10;#2;per privat;2;\n"
            "12.11.2026;1234567;1;0,75;via HPR\n")
    p = read(text)
    assert p.clean, p.report()
    got = [(s.doctor_id, s.supervisor_id, s.date, s.hours, s.note) for s in p.sessions()]
    assert got == [(1, 1, date(2026, 11, 3), 1.5, "Kasus"), (2, 2, date(2026, 11, 10), 2.0, ""),
                   (1, 1, date(2026, 11, 12), 0.75, "via HPR")]


def test_english_header_commas_and_any_column_order():
    p = read("hours,date,supervisor,doctor,note\n1.5,2026-11-03,Vera Veileder,Ingrid Aasen,x\n")
    assert p.clean and p.sessions()[0].hours == 1.5


def test_bad_rows_are_reported_by_line_and_nothing_can_be_taken():
    text = ("dato;lege;veileder;timer;merknad\n"
            "03.11.2026;Ingrid Aasen;Vera Veileder;1,5;ok\n"
            "31.02.2026;Ingrid Aasen;Vera Veileder;1;bad date\n"
            "04.11.2026;Nemo;Vera Veileder;1;unknown doctor\n"
            "05.11.2026;Ola Bakke;Per Privat;1;ambiguous doctor\n"
            "06.11.2026;Ingrid Aasen;Vera Veileder;9;too many hours\n"
            "07.11.2026;Ingrid Aasen;Vera Veileder;en;not a number\n"
            "01.12.2026;Ingrid Aasen;Vera Veileder;1;future\n"
            "08.11.2026;Ingrid Aasen;Vera Veileder;1,1;not quarter hours\n")
    p = read(text)
    assert not p.clean and p.error_count == 7
    assert [r.line for r in p.rows if not r.ok] == [3, 4, 5, 6, 7, 8, 9]
    report = p.report()
    assert "Linje 3: «31.02.2026» er ikke en gyldig dato." in report
    assert "Linje 4: Finner ingen lege «Nemo»." in report
    assert "Linje 5: Flere leger heter «Ola Bakke»; bruk id-nummeret." in report
    assert "Linje 6: Timer må være mer enn 0 og høyst 8 per veiledning." in report
    assert "Linje 7: «en» er ikke et antall timer." in report
    assert "Linje 8: Datoen er fram i tid" in report
    assert "Linje 9: Timer føres i kvarter" in report
    with pytest.raises(ValidationError):
        p.sessions()


def test_unassigned_supervisor_is_a_warning_and_the_file_stays_clean():
    p = read("dato;lege;veileder;timer\n03.11.2026;Ingrid Aasen;Per Privat;1\n")
    assert p.clean
    assert p.rows[0].warnings == ["Veilederen er ikke tildelt legen 03.11.2026."]


def test_a_session_already_in_the_file_is_an_error_so_a_reimport_cannot_double_hours():
    existing = [m.SupervisionSession(doctor_id=1, supervisor_id=1, date=date(2026, 11, 3),
                                     hours=1.5)]
    p = read("dato;lege;veileder;timer\n03.11.2026;Ingrid Aasen;Vera Veileder;1,5\n", existing)
    assert not p.clean and "allerede registrert" in p.rows[0].errors[0]


def test_missing_columns_and_empty_files_are_file_problems():
    assert read("").problems == ["Filen er tom."]
    p = read("dato;lege;timer\n03.11.2026;Ingrid Aasen;1\n")
    assert not p.clean and p.problems[0].startswith("Mangler kolonne: veileder.")
    assert read("dato;lege;veileder;timer\n").problems == [
        "Filen har ingen rader under overskriften."]


def test_excel_windows_encoding_and_bom_are_read():
    text = "dato;lege;veileder;timer;merknad\n03.11.2026;Ingrid Aasen;Vera Veileder;1;Økt\n"
    assert decode(text.encode("cp1252")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert read(decode(text.encode("cp1252"))).sessions()[0].note == "Økt"
