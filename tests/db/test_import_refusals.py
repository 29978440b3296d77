"""Import refuses every bad document of 3 December cleanly: a ValidationError with a short
Norwegian message, never a traceback, the target untouched."""

from __future__ import annotations

import copy
import json

import pytest

from alis_desktop.errors import ValidationError
from alis_desktop.json_input import MAX_DEPTH
from alis_desktop.records import FREE_TEXT_MAX, LINE_MAX
from db.exchange import dumps, export_data, import_data, load_json_bytes, parse_records
from db.store import Store


@pytest.fixture(scope="module")
def export(demo_file) -> dict:
    store = Store.open(demo_file, read_only=True)
    try:
        return export_data(store)
    finally:
        store.close()


def refused_bytes(raw: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_records(load_json_bytes(raw))
    assert len(str(caught.value)) < 400
    return caught.value


def refused(export: dict, change) -> ValidationError:
    doc = copy.deepcopy(export)
    change(doc)
    return refused_bytes(dumps(doc).encode("utf-8"))


def test_not_utf8_names_the_byte(export):
    raw = dumps(export).encode("utf-8")
    at = raw.index(b"Fjordvik")
    err = refused_bytes(raw[:at] + b"\xff\xfe" + raw[at:])
    assert f"ikke UTF-8-tekst: ugyldig byte 0xFF ved byte {at}" in str(err)


def test_a_byte_order_mark_is_allowed(export):
    assert parse_records(load_json_bytes(b"\xef\xbb\xbf" + dumps(export).encode()))


@pytest.mark.parametrize("where", ["value", "key"])
def test_lone_surrogate_is_refused(export, where):
    text = dumps(export)
    if where == "value":
        text = text.replace('"Fjordvik kommune"', '"Fjordvik \\ud800 kommune"', 1)
    else:
        text = text.replace('"name": "Fjordvik', '"na\\udfffme": "Fjordvik', 1)
    err = refused_bytes(text.encode())
    assert "enslig surrogat" in str(err)


def test_surrogate_written_as_raw_bytes_is_not_utf8(export):
    raw = dumps(export).encode().replace(b"Fjordvik", b"Fjord\xed\xa0\x80vik", 1)
    assert "ikke UTF-8-tekst" in str(refused_bytes(raw))


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 200_000])
def test_deep_nesting_is_refused_before_parsing(depth):
    for raw in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth,
                "[" * depth):  # and cut short
        err = refused_bytes(raw.encode())
        assert f"nøstet dypere enn {MAX_DEPTH}" in str(err)


def test_brackets_inside_strings_do_not_count(export):
    doc = copy.deepcopy(export)
    doc["doctors"][0]["notes"] = "[" * 1000
    assert parse_records(load_json_bytes(dumps(doc).encode()))


@pytest.mark.parametrize("value", ["abc", None, [1], 1.5, True, 0, -3, {"v": 1}])
def test_format_version_of_the_wrong_type(export, value):
    err = refused(export, lambda d: d.__setitem__("format_version", value))
    assert err.field == "format_version" and "positivt heltall" in err.message


@pytest.mark.parametrize("value", [None, 1, ["alis-desktop"], "ALIS-desktop"])
def test_format_of_the_wrong_type_or_value(export, value):
    err = refused(export, lambda d: d.__setitem__("format", value))
    assert "ikke en eksport fra ALIS Desktop" in err.message


def test_schema_version_of_the_wrong_type(export):
    err = refused(export, lambda d: d.__setitem__("schema_version", "1"))
    assert err.field == "schema_version"


@pytest.mark.parametrize("field, value", [
    ("preparation_rate", 10 ** 30), ("supervision_rate", -1), ("supervision_rate", 1e12)])
def test_rates_outside_their_bounds(export, field, value):
    err = refused(export, lambda d: d["municipality"][0].__setitem__(field, value))
    assert err.field == field and "utenfor det feltet kan bety" in err.message


def test_integer_with_thousands_of_digits(export):
    text = dumps(export).replace('"backup_keep": 10', '"backup_keep": 1' + "0" * 5000, 1)
    assert "ugyldig tall" in str(refused_bytes(text.encode()))


def test_dates_outside_sane_bounds(export):
    err = refused(export, lambda d: d["doctors"][0].__setitem__("start_date", "0001-01-01"))
    assert err.field == "start_date" and "urimelig" in err.message
    err = refused(export, lambda d: d["doctors"][0].__setitem__("start_date", "20240101"))
    assert "er ikke en dato" in err.message


@pytest.mark.parametrize("kind, field, value", [
    ("municipality", "logo_path", "C:\\logo\x00.png"), ("doctors", "name", "Kari\nNordmann"),
    ("arenas", "name", "Legevakt\x1b[31m"), ("doctors", "notes", "bell \x07"),
    ("supervisors", "name", "Kari \u202eneslO")])
def test_control_characters_in_names_and_paths(export, kind, field, value):
    err = refused(export, lambda d: d[kind][0].__setitem__(field, value))
    assert err.field == field and "kontrolltegn" in err.message


def test_line_breaks_are_allowed_in_free_text(export):
    doc = copy.deepcopy(export)
    doc["doctors"][0]["notes"] = "Første linje\r\n\tandre linje"
    assert parse_records(doc)


@pytest.mark.parametrize("kind, field, size", [
    ("doctors", "notes", FREE_TEXT_MAX + 1), ("meetings", "minutes", 5_000_000),
    ("arenas", "location", LINE_MAX + 1)])
def test_fields_longer_than_their_maximum_and_the_message_is_short(export, kind, field, size):
    err = refused(export, lambda d: d[kind][0].__setitem__(field, "x" * size))
    assert err.field == field and "for lang" in err.message
    assert "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" not in str(err)


def test_a_huge_bad_value_is_echoed_only_as_an_excerpt(export):
    err = refused(export, lambda d: d["arenas"][0].__setitem__("type", "y" * (LINE_MAX - 1)))
    assert "«yyyy" in str(err) and len(str(err)) < 400


@pytest.mark.parametrize("kind, field", [
    ("arenas", "type"), ("goal_statuses", "state"), ("institution_requests", "institution"),
    ("placements", "position_pct"), ("supervisors", "specialist")])
def test_a_required_field_missing_is_an_error_not_a_default(export, kind, field):
    err = refused(export, lambda d: d[kind][0].pop(field))
    assert err.field == field and err.kind == kind and "mangler" in err.message


def test_an_optional_field_missing_takes_its_default(export):
    doc = copy.deepcopy(export)
    del doc["doctors"][0]["notes"], doc["arenas"][0]["description"]
    parsed = parse_records(doc)
    assert parsed["doctors"][0].notes == "" and parsed["arenas"][0].description == ""


@pytest.mark.parametrize("value", [[], None, {}, "x"])
def test_municipality_must_hold_exactly_one_record(export, value):
    def change(d):
        d["municipality"] = value if value != "x" else d["municipality"] * 2
    err = refused(export, change)
    assert err.field == "municipality"


def test_numbers_written_as_text_and_lists_as_text_are_refused(export):
    err = refused(export, lambda d: d["placements"][0].__setitem__("doctor_id", "1"))
    assert err.field == "doctor_id"
    err = refused(export, lambda d: d["supervision_sessions"][0].__setitem__("goals", "[]"))
    assert err.field == "goals"


def test_a_refused_import_leaves_the_target_file_unchanged(export, tmp_path):
    target = tmp_path / "tom.alis"
    Store.open(target, create=True).close()
    before = target.read_bytes()
    doc = copy.deepcopy(export)
    doc["leaves"][-1]["pct"] = 10 ** 30
    store = Store.open(target)
    try:
        with pytest.raises(ValidationError):
            import_data(store, doc)
    finally:
        store.close()
    assert target.read_bytes() == before


def test_the_demo_export_itself_passes_every_limit(export):
    """The limits are generous: a real municipality's data meets them."""
    counts = {k: len(v) for k, v in parse_records(json.loads(dumps(export))).items()}
    assert counts["doctors"] == 12
