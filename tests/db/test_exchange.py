"""The JSON format: full fidelity round trip, all-or-nothing import with precise errors."""

import json

import pytest

from alis_desktop.errors import ValidationError
from db.exchange import dumps, export_data, import_data
from db.store import Store


def export(path) -> dict:
    store = Store.open(path, read_only=True)
    try:
        return export_data(store)
    finally:
        store.close()


def test_export_import_export_is_identical(demo_file, tmp_path):
    first = export(demo_file)
    target = Store.open(tmp_path / "kopi.alis", create=True)
    try:
        counts = import_data(target, first)
    finally:
        target.close()
    second = export(tmp_path / "kopi.alis")
    assert dumps(first) == dumps(second)
    assert counts["doctors"] == 12 and counts["supervision_sessions"] > 300


def test_json_is_documented_shape(demo_file):
    data = export(demo_file)
    assert data["format"] == "alis-desktop" and data["format_version"] == 1
    doctor = data["doctors"][0]
    assert isinstance(doctor["id"], int)
    assert doctor["start_date"][4] == "-"  # ISO dates
    assert isinstance(data["arenas"][0]["supervision_modes"], list)


def _bad_import(tmp_path, data, field, kind):
    target = Store.open(tmp_path / "ny.alis", create=True)
    try:
        before = target.counts()
        with pytest.raises(ValidationError) as exc:
            import_data(target, data)
        assert target.counts() == before  # nothing written
    finally:
        target.close()
    assert exc.value.field == field
    assert exc.value.kind == kind
    return exc.value


def test_import_rolls_back_on_a_bad_record(demo_file, tmp_path):
    data = export(demo_file)
    data["placements"][5]["position_pct"] = 140
    err = _bad_import(tmp_path, data, "position_pct", "placements")
    assert err.record_id == data["placements"][5]["id"]
    assert "placements id=" in str(err) and "Stillingsprosent" in str(err)


def test_import_names_a_dangling_reference(demo_file, tmp_path):
    data = export(demo_file)
    data["supervision_sessions"][0]["doctor_id"] = 9999
    err = _bad_import(tmp_path, data, "doctor_id", "supervision_sessions")
    assert "9999" in str(err)


def test_import_names_a_bad_date_and_unknown_field(demo_file, tmp_path):
    data = export(demo_file)
    data["doctors"][2]["start_date"] = "31.02.2024"
    _bad_import(tmp_path, data, "start_date", "doctors")
    data = export(demo_file)
    data["arenas"][0]["colour"] = "blue"
    _bad_import(tmp_path, data, "colour", "arenas")


def test_import_refuses_duplicate_ids(demo_file, tmp_path):
    data = export(demo_file)
    data["doctors"][1]["id"] = data["doctors"][0]["id"]
    _bad_import(tmp_path, data, "id", "doctors")


def test_import_into_a_file_with_data_is_refused(demo_file, demo_copy):
    data = export(demo_file)
    store = Store.open(demo_copy)
    try:
        with pytest.raises(ValidationError, match="allerede data"):
            import_data(store, data)
    finally:
        store.close()


def test_not_an_export_is_refused(tmp_path):
    store = Store.open(tmp_path / "x.alis", create=True)
    try:
        with pytest.raises(ValidationError, match="ikke en eksport"):
            import_data(store, json.loads('{"doctors": []}'))
    finally:
        store.close()


def test_a_file_with_every_new_kind_of_record_exports_imports_and_exports_identically(
        demo_copy, tmp_path):
    """What the merged features write, made through the program's own functions: the
    plan's sections (a long text), contacts, conditions, activities, courses and an adopted
    version with its document; a meeting with time and place; a leader-defined priority
    model; a withdrawn request; a doctor on the earlier goal catalog."""
    import dataclasses
    from datetime import date

    from alis_desktop import plan_models as pm
    from alis_desktop.priority_models import shipped_models
    from reports.municipal_plan import adopt

    store = Store.open(demo_copy)
    try:
        doctor = store.all("doctors")[1]
        store.save(dataclasses.replace(doctor, id=None, name="Eldre Katalog",
                                       hpr_number="1112223", catalog_version="FKM-2017"))
        paragraph = "Veiledningen og vurderingen i kommunen skjer slik. " * 40
        store.save(pm.PlanSection(title="Eget kapittel", text="\n\n".join([paragraph] * 9)))
        store.save(pm.PlanContact(role="ALIS-leder", name="Kari Leder", phone="51 00 00 00"))
        arena = store.all("arenas")[0]
        store.save(pm.ArenaCondition(arena_id=arena.id, text="Forutsetter legevakt."))
        store.save(pm.ArenaActivity(arena_id=arena.id, goal_code="ALM-002", here="Konsultasjoner"))
        store.save(pm.PlanCourse(code="K-1", name="Grunnkurs A", goals=["ALM-001"]))
        adopt(store, "1.0", date(2026, 11, 1), "Kommunestyret", "Vedtatt i sak 12/26")
        meeting = store.all("meetings")[-1]
        store.save(dataclasses.replace(meeting, start_time="09:30", place="Møterom 2, rådhuset"))
        own = shipped_models()[1].to_plain() | {"name": "Egen modell"}
        store.save(dataclasses.replace(store.municipality(), institution_model="Egen modell",
                                       institution_models=[own]))
        request = store.all("institution_requests")[0]
        store.save(dataclasses.replace(request, status="withdrawn",
                                       withdrawn_date=date(2026, 10, 1),
                                       withdrawal_reported_date=date(2026, 10, 2)))
    finally:
        store.close()
    first = export(demo_copy)
    target = Store.open(tmp_path / "kopi.alis", create=True)
    try:
        import_data(target, first)
    finally:
        target.close()
    assert dumps(export(tmp_path / "kopi.alis")) == dumps(first)


def test_a_text_too_long_to_import_is_refused_when_saved(new_store):
    """A plan section (any record) the import would refuse is refused on saving, with the
    import's message; else the file's own export could not be imported."""
    from alis_desktop import plan_models as pm
    from alis_desktop.records import FREE_TEXT_MAX

    with pytest.raises(ValidationError, match="Teksten er for lang") as exc:
        new_store.save(pm.PlanSection(title="Vedlegg", text="x" * (FREE_TEXT_MAX + 1)))
    assert exc.value.field == "text"
    assert new_store.count("plan_sections") == 0


def test_a_large_municipalitys_adopted_plan_imports_again(demo_file, tmp_path):
    """An adopted version keeps the whole plan; twenty arenas with their activities per
    goal make a document of some 300,000 characters, over the limit of other list fields."""
    from datetime import date

    from alis_desktop import plan_models as pm
    from alis_desktop.records import to_plain
    doc = export(demo_file)
    activities = [{"arena": f"Arena {a}", "goal": f"ALM-{g:03d}",
                   "here": "Konsultasjoner med veiledning, journalgjennomgang og "
                           "felleskonsultasjon", "elsewhere": "Kurs og gruppeveiledning"}
                  for a in range(20) for g in range(1, 89)]
    version = pm.PlanVersion(id=1, version="2.0", adopted_date=date(2026, 11, 1),
                             adopted_by="Bystyret", document={"activities": activities},
                             sha256="0" * 64, pdf=b"%PDF-1.4")
    assert len(json.dumps(version.document, ensure_ascii=False)) > 250_000
    doc["plan_versions"] = [to_plain(version)]
    target = Store.open(tmp_path / "kopi.alis", create=True)
    try:
        assert import_data(target, doc)["plan_versions"] == 1
    finally:
        target.close()
    assert dumps(export(tmp_path / "kopi.alis")) == dumps(doc)
