"""The plan's sections, contacts and versions in a real file: edits survive reopening and
export/import, reset brings the shipped text back, old exports open with the defaults,
every write audited."""

from __future__ import annotations

import json
from datetime import date

import pytest

from alis_desktop.errors import ValidationError
from alis_desktop.plan_models import PlanContact, PlanSection
from alis_desktop.plan_text import default_of, effective_sections
from db import plan as plan_db
from db.exchange import dumps, export_data, import_data
from db.store import Store


def _text(store, key):
    return next(s.text for s in effective_sections(store.all("plan_sections"))
                if s.record.key == key)


def test_edited_section_survives_reopening_and_export_import(tmp_path):
    path = tmp_path / "plan.alis"
    store = Store.open(path, create=True)
    section = next(s for s in plan_db.sections(store) if s.key == "on_call")
    section.text = "Legene har i snitt 2 vakter per måned i {kommune}."
    plan_db.save_section(store, section)
    own = plan_db.save_section(store, PlanSection(kind="appendix", title="Prosedyreliste",
                                                  text="- EKG\n- Audiometri"))
    store.close()

    store = Store.open(path)
    assert _text(store, "on_call") == "Legene har i snitt 2 vakter per måned i {kommune}."
    assert store.get("plan_sections", own.id).title == "Prosedyreliste"
    exported = export_data(store)
    store.close()

    copy = Store.open(tmp_path / "kopi.alis", create=True)
    import_data(copy, json.loads(dumps(exported)))
    assert _text(copy, "on_call") == "Legene har i snitt 2 vakter per måned i {kommune}."
    again = export_data(copy)
    copy.close()
    exported.pop("audit_log"), again.pop("audit_log")
    assert dumps(again) == dumps(exported)


def test_reset_restores_the_default(new_store):
    section = next(s for s in plan_db.sections(new_store) if s.key == "supervision")
    section.text, section.title = "Noe annet", "Veiledning hos oss"
    plan_db.save_section(new_store, section)
    assert _text(new_store, "supervision") == "Noe annet"
    stored = next(s for s in new_store.all("plan_sections") if s.key == "supervision")
    stored.text = stored.title = None  # «Tilbakestill»
    plan_db.save_section(new_store, stored)
    shown = next(s for s in effective_sections(new_store.all("plan_sections"))
                 if s.record.key == "supervision")
    assert shown.text == default_of("supervision").text
    assert shown.title == default_of("supervision").title and not shown.edited


def test_remove_reorder_and_the_audit_trail(new_store):
    plan_db.remove_section(new_store, next(s for s in plan_db.sections(new_store)
                                           if s.key == "roles"))
    keys = [s.record.key for s in effective_sections(new_store.all("plan_sections"))]
    assert "roles" not in keys
    plan_db.move_section(new_store, "leave", -1)
    keys = [s.record.key for s in effective_sections(new_store.all("plan_sections"))]
    assert keys.index("leave") < keys.index("on_call")
    log = new_store.all("audit_log", "kind = 'plan_sections'")
    assert log and all(e.action in ("opprettet", "endret") for e in log)
    moved = [e for e in log if e.action == "endret"]
    assert len(moved) == 2  # the move wrote the two sections that swapped, nothing else


def test_old_export_without_plan_lists_imports_with_the_default_sections(tmp_path,
                                                                         demo_file):
    source = Store.open(demo_file, read_only=True)
    data = export_data(source)
    source.close()
    for kind in ("plan_sections", "plan_contacts", "arena_conditions", "arena_activities",
                 "plan_courses", "plan_versions"):
        data.pop(kind)
    for doctor in data["doctors"]:
        doctor.pop("group_supervisor")
    for m in data["municipality"]:
        m.pop("second_leader_name"), m.pop("second_leader_title")
    store = Store.open(tmp_path / "gammel.alis", create=True)
    import_data(store, data)
    shown = effective_sections(store.all("plan_sections"))
    assert [s.record.key for s in shown] == [s.record.key for s in effective_sections([])]
    store.close()


def test_contacts_validate_phone_and_email(new_store):
    new_store.save(PlanContact(role="Kommuneoverlege", name="Bjarne", phone="920 81 879",
                               email="b@k.no"))
    with pytest.raises(ValidationError, match="e-postadresse"):
        new_store.save(PlanContact(role="Leder", name="W", email="ikke en adresse"))
    with pytest.raises(ValidationError, match="Rolle"):
        new_store.save(PlanContact(role=" ", name="W"))
    assert new_store.count("plan_contacts") == 1


def test_adopting_is_audited_and_needs_who_and_when(new_store):
    from reports.municipal_plan import adopt
    with pytest.raises(ValidationError, match="Vedtatt av"):
        adopt(new_store, "1.0", date(2026, 12, 1), " ")
    assert new_store.count("plan_versions") == 0
    version = adopt(new_store, "1.0", date(2026, 12, 1), "Kommunestyret")
    log = new_store.all("audit_log", "kind = 'plan_versions'")
    assert [(e.action, e.record_id) for e in log] == [("opprettet", version.id)]
    assert "Versjon: 1.0" in log[0].detail and "Kommunestyret" in log[0].detail


def test_replace_list_is_all_or_nothing(new_store):
    first = [PlanContact(role="Leder", name="A"), PlanContact(role="Lege", name="B")]
    plan_db.replace_list(new_store, "plan_contacts", first)
    kept = new_store.all("plan_contacts")
    bad = [kept[0], PlanContact(role="Ny", name="C", email="feil")]
    with pytest.raises(ValidationError):
        plan_db.replace_list(new_store, "plan_contacts", bad)
    assert [c.name for c in new_store.all("plan_contacts")] == ["A", "B"]
    plan_db.replace_list(new_store, "plan_contacts", [kept[1]])
    assert [c.name for c in new_store.all("plan_contacts")] == ["B"]
