"""Spreadsheet import, domain side: header guessing, CSV encodings and separators, name
matching, new records on request, row-level errors (alis_desktop/sheet_import)."""

from datetime import date
from pathlib import Path

import pytest

from alis_desktop import models as m
from alis_desktop.sheet_import import (
    Existing, Mapping, guess_mapping, header_row, load_mapping_file, preview_sheet,
)
from alis_desktop.sheet_table import read_csv_bytes, read_csv_text, read_sheet

TODAY = date(2026, 12, 3)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "sheets"


def fields(kind, headers, remembered=None):
    mapping = guess_mapping(kind, headers, remembered)
    return [mapping.columns.get(i) for i in range(len(headers))]


# --- guessing the mapping ------------------------------------------------------------------

def test_doctor_headers_as_municipalities_write_them_in_any_order():
    headers = ["HPR-nr.", "Startdato", "Navn", "Fødselsdato", "E-post", "Tlf.", "Veileder"]
    assert fields("doctors", headers) == [
        "hpr_number", "start_date", "name", "birth_date", "email", "phone", "supervisor"]


def test_first_and_last_name_columns_and_long_headers():
    headers = ["Etternavn", "Fornavn", "HPR nummer", "Startdato ALIS", "Ansettelse", "Merknad"]
    assert fields("doctors", headers) == [
        "last_name", "first_name", "hpr_number", "start_date", "employment", "notes"]


def test_placement_headers():
    headers = ["Navn", "Arbeidssted", "Fra", "Til", "Stilling %", "Kategori", "Uvedkommende"]
    assert fields("placements", headers) == [
        "doctor", "arena", "start_date", "end_date", "position_pct", "category", None]


def test_same_words_mean_other_fields_in_other_kinds():
    assert fields("leaves", ["Lege", "Type", "F.o.m.", "T.o.m.", "Grad"]) == [
        "doctor", "kind", "start_date", "end_date", "pct"]
    assert fields("supervision", ["Dato", "ALIS", "Veileder", "Antall timer", "Tema"]) == [
        "date", "doctor", "supervisor", "hours", "topics"]
    assert fields("activities", ["Dato", "Lege", "Vakttype", "Fra kl.", "Til kl."]) == [
        "date", "doctor", "kind", "start_time", "end_time"]


def test_a_header_is_used_once():
    assert fields("doctors", ["Navn", "Navn", "Startdato"]) == ["name", None, "start_date"]


def test_remembered_mapping_wins_over_the_guess():
    headers = ["Lege", "Sted", "Fra", "Til", "Kol5"]
    remembered = {"Sted": "department", "kol5": "position_pct"}
    assert fields("placements", headers, remembered) == [
        "doctor", "department", "start_date", "end_date", "position_pct"]


def test_header_row_found_under_a_title():
    table = read_csv_text("Oversikt ALIS 2026;;\n;;\nNavn;HPR-nr.;Startdato\nKari;1234567;"
                          "01.09.2023\n")
    assert header_row(table, "doctors") == 1  # the blank line is left out
    assert table.rows[1][0] == 3  # ... but rows keep the spreadsheet's numbering


def test_mapping_file_forms():
    assert load_mapping_file('{"Kol A": "name"}') == ({"Kol A": "name"}, {})
    assert load_mapping_file('{"columns": {"A": "doctor"}, "defaults": {"kind": "Legevaktvakt"}}'
                             ) == ({"A": "doctor"}, {"kind": "Legevaktvakt"})
    with pytest.raises(Exception, match="JSON"):
        load_mapping_file("{nei")


# --- CSV encodings and separators ----------------------------------------------------------

ROWS = [["Navn", "Arbeidssted", "Stilling %"], ["Ola Åsen", "Øvre legekontor", "80 %"]]


@pytest.mark.parametrize("encoding, prefix, separator", [
    ("cp1252", b"", ";"),       # Excel "CSV (semikolondelt)" on Norwegian Windows
    ("utf-8", b"\xef\xbb\xbf", ";"),  # Excel "CSV UTF-8"
    ("utf-8", b"", ","),
    ("utf-8", b"\xef\xbb\xbf", ","),
    ("cp1252", b"", "\t"),
])
def test_csv_encodings_and_separators(encoding, prefix, separator):
    text = "\r\n".join(separator.join(r) for r in ROWS) + "\r\n"
    table = read_csv_bytes(prefix + text.encode(encoding))
    assert [cells for _, cells in table.rows] == ROWS


def test_decimal_comma_in_a_comma_separated_file_is_quoted_and_read():
    table = read_csv_text('Lege,Veileder,Dato,Timer\nKari,Per,12.01.2026,"1,5"\n')
    assert table.rows[1][1][3] == "1,5"


# --- previews ------------------------------------------------------------------------------

def doctor(id, name, start=date(2023, 9, 1), hpr=""):
    return m.Doctor(id=id, name=name, start_date=start, hpr_number=hpr)


def existing(**kw):
    base = dict(doctors=[doctor(1, "Kari Nordmann", hpr="1234567"), doctor(2, "Ola Åsen")],
                arenas=[m.Arena(id=1, name="Sentrum legesenter")],
                supervisors=[m.Supervisor(id=1, name="Per Hansen")])
    base.update(kw)
    return Existing(**base)


def preview(kind, text, ex=None, **kw):
    return preview_sheet(kind, read_csv_text(text), ex or existing(), today=TODAY, **kw)


def test_names_hpr_and_start_dates_are_enough_for_doctors():
    p = preview("doctors", "Navn;HPR-nr.;Startdato\nLise Li;7654321;1.9.24\n", existing())
    assert p.clean, p.report()
    d = p.rows[0].record
    assert (d.name, d.hpr_number, d.start_date) == ("Lise Li", "7654321", date(2024, 9, 1))
    # what the form would give the rest
    assert (d.employment, d.regime, d.catalog_version) == ("permanent", "new", m.FKM_CURRENT)


def test_row_error_names_row_and_column_as_the_sheet_does():
    text = ("ALIS-oversikt;;\nNavn;HPR-nr.;Startdato\nA A;1111111;01.01.2024\nB B;2222222;"
            "01.02.2024\nC C;3333333;01.03.2024\nD D;4444444;01.04.2024\nE E;5555555;31.02.2024\n")
    p = preview("doctors", text)
    assert not p.clean
    assert p.errors() == ["rad 7, «Startdato»: 31.02.2024 er ikke en dato"]
    assert p.error_count == 1 and len(p.rows) == 5


def test_a_model_rule_reports_the_sheets_column():
    p = preview("doctors", "Navn;Fødselsdato;Startdato\nA A;01.01.2025;01.01.2024\n")
    assert p.errors() == ["rad 2, «Fødselsdato»: Fødselsdato må være før startdato."]


def test_missing_required_column_is_a_file_problem():
    p = preview("placements", "Navn;Fra;Til\nKari Nordmann;01.01.2024;01.02.2024\n")
    assert p.problems and "Læringsarena" in p.problems[0]
    assert not p.rows and not p.clean


def test_names_matched_with_case_spacing_roster_order_and_hpr():
    text = ("Lege;HPR;Arbeidssted;Fra;Til\n"
            "  kari   NORDMANN ;;sentrum  LEGESENTER;01.09.2023;31.08.2024\n"
            "Åsen, Ola;;Sentrum legesenter;01.09.2023;31.08.2024\n"
            "K. Nordmann;1234567;Sentrum legesenter;01.09.2024;31.08.2025\n")
    p = preview("placements", text)
    assert p.clean, p.report()
    assert [r.record.doctor_id for r in p.rows] == [1, 2, 1]
    assert all(r.record.arena_id == 1 for r in p.rows)
    assert not p.new_arenas and not p.new_doctors


def test_unknown_names_are_errors_unless_new_records_are_asked_for():
    text = ("Navn;Arbeidssted;Fra;Til;Stilling %\n"
            "Kari Nordmann;Fjellbygd sykehjem;01.09.2024;28.02.2025;80\n"
            "Nils Ny;Legevakta;01.02.2025;31.07.2025;0,5\n"
            "Nils Ny;Fjellbygd sykehjem;01.08.2025;31.12.2025;100\n")
    p = preview("placements", text)
    assert not p.clean
    assert p.errors()[0].startswith("rad 2, «Arbeidssted»: finner ingen læringsarena "
                                    "«Fjellbygd sykehjem» i filen")
    assert any(e.startswith("rad 3, «Navn»: finner ingen lege «Nils Ny»") for e in p.errors())

    p = preview("placements", text, create_missing=True)
    assert p.clean, p.report()
    assert [a.name for a in p.new_arenas] == ["Fjellbygd sykehjem", "Legevakta"]
    # the arena's type is read from its name, and the period's category follows it
    assert [a.type for a in p.new_arenas] == ["nursing_home", "out_of_hours"]
    assert p.rows[0].record.category == "gp_other"
    (nils,) = p.new_doctors
    assert nils.name == "Nils Ny" and nils.start_date == date(2025, 2, 1)  # first date in sheet
    assert p.rows[1].record.doctor_id == p.rows[2].record.doctor_id == nils.id < 0
    assert p.rows[1].record.position_pct == 50
    assert "Opprettes også: 1 nye leger, 2 nye læringsarenaer." in p.summary()


def test_overlap_within_the_sheet_is_refused_as_the_dialog_refuses_it():
    text = ("Navn;Arbeidssted;Fra;Til;Stilling %\n"
            "Kari Nordmann;Sentrum legesenter;01.09.2023;31.08.2024;100\n"
            "Kari Nordmann;Sentrum legesenter;01.01.2024;31.03.2024;50\n")
    p = preview("placements", text)
    assert len(p.errors()) == 1 and p.errors()[0].startswith("rad 3")
    assert "Samlet stillingsprosent kan ikke være over 100 %" in p.errors()[0]


def test_existing_records_are_not_imported_twice():
    placed = m.Placement(id=5, doctor_id=1, arena_id=1, start_date=date(2023, 9, 1),
                         end_date=date(2024, 8, 31))
    text = "Navn;Arbeidssted;Fra;Til\nKari Nordmann;Sentrum legesenter;01.09.2023;31.08.2024\n"
    p = preview("placements", text, existing(placements=[placed]))
    assert "allerede registrert" in p.errors()[0]
    p = preview("doctors", "Navn;Startdato\nkari nordmann;01.01.2024\n")
    assert p.errors() == ["rad 2, «Navn»: Kari Nordmann finnes allerede (id 1 i filen)."]


def test_leave_by_label_inside_placements():
    placed = m.Placement(id=5, doctor_id=1, arena_id=1, start_date=date(2023, 9, 1),
                         end_date=date(2025, 8, 31))
    text = ("Lege,Type,Fra,Til,Grad\n"
            "Kari Nordmann,Foreldrepermisjon,2024-10-01,2025-01-31,100\n"
            "Kari Nordmann,sykmelding,03.02.2025,14.03.2025,50%\n"
            "Kari Nordmann,,01.08.2025,30.09.2025,\n")
    p = preview("leaves", text, existing(placements=[placed]))
    assert [r.record.kind for r in p.rows[:2]] == ["parental", "sickness"]
    assert p.rows[1].record.pct == 50
    # the blank kind takes the form's default; the period runs past the placements
    assert p.rows[2].errors and "utenfor tjenesteperiodene" in p.rows[2].errors[0]


def test_supervision_uses_the_supervision_rules():
    text = ("Dato;ALIS;Veileder;Timer\n12.01.2026;Kari Nordmann;Per Hansen;1,5\n"
            "13.01.2026;Kari Nordmann;Per Hansen;1,1\n14.01.2027;Kari Nordmann;Per Hansen;1\n")
    p = preview("supervision", text)
    assert p.rows[0].ok and p.rows[0].record.hours == 1.5
    assert p.rows[0].warnings == ["Legen har ingen veileder tildelt 12.01.2026."]
    assert "kvarter" in p.rows[1].errors[0]
    assert "fram i tid" in p.rows[2].errors[0]


def test_duty_roster_shifts_get_hours_from_clock_times():
    text = ("Vaktliste;;;;\nDato;Lege;Vakttype;Fra kl.;Til kl.\n"
            "06.02.2026;Åsen, Ola;Kveldsvakt;15:30;23:00\n"
            "13.02.2026;Åsen, Ola;Nattevakt;23:00;08:00\n")
    p = preview("activities", text)
    assert p.clean, p.report()
    shifts = [r.record for r in p.rows]
    assert [(a.kind, a.hours, a.out_of_hours) for a in shifts] == [
        ("on_call", 7.5, True), ("on_call", 9.0, True)]


def test_mapping_defaults_fill_a_field_the_sheet_lacks():
    text = "Dato;Lege;Timer\n06.02.2026;Ola Åsen;8\n"
    table = read_csv_text(text)
    mapping = guess_mapping("activities", table.rows[0][1])
    mapping = Mapping(mapping.columns, {"kind": "Legevaktvakt"})
    p = preview_sheet("activities", table, existing(), today=TODAY, mapping=mapping)
    assert p.clean and p.rows[0].record.kind == "on_call"


def test_doctors_sheet_with_a_supervisor_column_assigns_the_supervisor():
    p = preview("doctors", "Navn;Startdato;Veileder\nLise Li;01.09.2024;per hansen\n"
                           "Nils Ny;01.09.2024;Liv Strand\n", create_missing=True)
    assert p.clean, p.report()
    assert p.rows[0].extra[0].supervisor_id == 1
    assert p.rows[0].extra[0].start_date == date(2024, 9, 1)
    assert [s.name for s in p.new_supervisors] == ["Liv Strand"]


def test_municipal_workbook_fixture_reads_with_date_and_number_cells():
    table = read_sheet(FIXTURES / "leger.xlsx")
    assert table.sheet_names == ["ALIS 2026", "Veiledere"]
    p = preview_sheet("doctors", table, Existing(), today=TODAY, create_missing=True)
    assert p.clean, p.report()
    assert [(r.record.name, r.record.hpr_number, r.record.start_date) for r in p.rows] == [
        ("Kari Nordmann", "1234567", date(2023, 9, 1)),
        ("Ola Åsen", "7654321", date(2024, 2, 1)),
        ("Sigrid Bakke", "2345678", date(2025, 3, 1))]
    assert [r.record.employment for r in p.rows] == ["permanent", "own_list", "locum"]
    other = read_sheet(FIXTURES / "leger.xlsx", "Veiledere")
    assert other.rows[1][1] == ["Per Hansen", "Sentrum legesenter"]
    with pytest.raises(Exception, match="har ikke noe ark som heter «Ark9»"):
        read_sheet(FIXTURES / "leger.xlsx", "Ark9")


def test_doctor_who_started_on_the_earlier_set_keeps_it():
    p = preview("doctors", "Navn;Startdato;Felles kompetansemål\nLise Li;01.09.2021;tidligere\n"
                           "Nils Ny;01.09.2026;\nPer Pe;01.09.2026;FKM 2015\n")
    assert p.rows[0].record.catalog_version == "FKM-2017"
    assert p.rows[1].record.catalog_version == m.FKM_CURRENT
    assert p.errors() == ["rad 4, «Felles kompetansemål»: «FKM 2015» er ikke en "
                          "katalogversjon (skriv FKM-2026 eller FKM-2017 for de tidligere "
                          "felles kompetansemålene)"]


def test_a_line_break_inside_a_one_line_cell_is_read_as_a_space():
    """Excel's Alt+Enter in a name or workplace cell: the name is read on one line (a name
    with a line break could be stored, but its export would not import again); notes keep
    their lines."""
    p = preview("doctors", 'Navn;HPR-nr.;Startdato;Merknad\n"Lise\nLi";7654321;1.9.24;"a\nb"\n')
    assert p.clean, p.report()
    assert (p.rows[0].record.name, p.rows[0].record.notes) == ("Lise Li", "a\nb")
    p = preview("placements", 'Navn;Arbeidssted;Fra;Til\nKari Nordmann;"Sentrum\r\nlegesenter";'
                              '01.01.2026;30.06.2026\n')
    assert p.clean, p.report()
    assert p.rows[0].record.arena_id == 1
