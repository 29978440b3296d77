"""Checking an imported goal catalog (CSV / .xlsx of code, theme, text): every row is checked,
and the import is refused as a whole when one row is bad."""

from __future__ import annotations

import pytest

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.goal_import import check_rows, normalise_code, read_table


def test_codes_are_read_as_people_write_them():
    assert normalise_code("ALM 12") == "ALM-012"
    assert normalise_code("alm-012") == "ALM-012"
    assert normalise_code("ALM-O55") == "ALM-055"
    assert normalise_code("LM 04") == "LM-004"
    assert normalise_code("FKM:3") == "FKM-003"
    assert normalise_code("ALM twelve") == ""


def test_good_rows_become_goal_texts_keeping_ids_of_existing_ones():
    table = [["Kode", "Tema", "Tekst"],
             ["ALM 001", "Allmennlegens rolle", "Ha god kunnskap om ..."],
             ["", "", ""],
             ["ALM-002", "", "Selvstendig kunne ..."]]
    result = check_rows(table, "ALM")
    assert result.ok and [r.code for r in result.rows] == ["ALM-001", "ALM-002"]
    existing = [m.GoalText(id=7, catalog_version="ALM", code="ALM-002", theme="gammel")]
    texts = result.goal_texts(existing)
    assert [(t.id, t.code, t.theme, t.text) for t in texts] == [
        (None, "ALM-001", "Allmennlegens rolle", "Ha god kunnskap om ..."),
        (7, "ALM-002", "", "Selvstendig kunne ...")]


def test_each_bad_row_is_named_by_its_row_number():
    table = [["code", "theme", "text"],
             ["ALM-001", "Tema", ""],
             ["ALM-089", "Tema", ""],
             ["ALM-001", "Igjen", ""],
             ["FKM-001", "Feil katalog", ""],
             ["ALM-003", "", ""],
             ["tolv", "Tema", ""]]
    result = check_rows(table, "ALM")
    assert not result.ok
    assert result.errors == [
        "Rad 3: ALM-089 finnes ikke; ALM går fra ALM-001 til ALM-088.",
        "Rad 4: ALM-001 står to ganger (også på rad 2).",
        "Rad 5: FKM-001 hører ikke til ALM-katalogen.",
        "Rad 6: ALM-003 mangler både tema og tekst.",
        "Rad 7: «tolv» er ikke en læringsmålkode (skriv f.eks. ALM-012).",
    ]
    with pytest.raises(ValidationError, match="Rad 3"):
        result.goal_texts()


def test_an_fkm_version_takes_fkm_and_old_lm_codes_but_not_alm():
    table = [["code", "text"], ["LM 04", "Gammelt mål"], ["FKM 19", "Gammelt mål"],
             ["ALM 001", "Feil"]]
    result = check_rows(table, "FKM-2017")
    assert [r.code for r in result.rows] == ["LM-004", "FKM-019", "ALM-001"]
    assert result.errors == ["Rad 4: ALM-001 er et ALM-mål og hører ikke til FKM-2017."]


def test_a_file_without_header_or_rows_or_a_bad_version_is_refused():
    assert "overskriftsrad" in check_rows([["ALM-001", "x", "y"]], "ALM").errors[0]
    assert "ingen læringsmål" in check_rows([["code", "theme", "text"]], "ALM").errors[0]
    with pytest.raises(ValidationError, match="katalogversjon"):
        check_rows([["code", "theme"]], "FKM2017")


def test_csv_with_semicolons_in_windows_encoding(tmp_path):
    path = tmp_path / "alm.csv"
    path.write_bytes("Kode;Tema;Tekst\nALM-004;Kultur og samfunn;Allmennlegens rolle i "
                     "lokalsamfunnet\n".encode("cp1252"))
    table = read_table(path)
    assert table[1] == ["ALM-004", "Kultur og samfunn", "Allmennlegens rolle i lokalsamfunnet"]
    assert check_rows(table, "ALM").ok


def test_xlsx_first_sheet_with_a_title_row_above_the_header(tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["Læringsmål i allmennmedisin"])
    sheet.append(["Kode", "Tema", "Læringsmål"])
    sheet.append(["ALM-005", "Helsefremmende arbeid", "Ha god kunnskap om ..."])
    sheet.append([None, None, None])
    path = tmp_path / "alm.xlsx"
    book.save(path)
    result = check_rows(read_table(path), "ALM")
    assert result.ok
    assert [(r.line, r.code, r.theme) for r in result.rows] == [
        (3, "ALM-005", "Helsefremmende arbeid")]


def test_other_file_kinds_and_broken_workbooks_give_a_message(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(ValidationError, match="csv- eller .xlsx"):
        read_table(tmp_path / "x.pdf")
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match="Excel-fil"):
        read_table(tmp_path / "x.xlsx")
