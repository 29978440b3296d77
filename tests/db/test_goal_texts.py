"""One goal's wording edited by the leader, and back to Helsedirektoratet's text: audited,
validated before anything is written, and followed by every catalog reader."""

from __future__ import annotations

import pytest

from alis_desktop import models as m
from alis_desktop.catalog import catalog, shipped_goal
from alis_desktop.errors import ValidationError
from db.goals import import_goal_texts, reset_goal_text, save_goal_text
from db.store import Store


def title_of(store, code, version=m.FKM_CURRENT):
    goals = {g.code: g for g in catalog(store.all("goal_texts"), version)}
    return goals[code].theme, goals[code].text


def test_an_edited_goal_is_used_everywhere_and_audited(demo_copy):
    store = Store.open(demo_copy)
    try:
        before = store.count("audit_log")
        saved = save_goal_text(store, "ALM", "ALM-001", "  Kommunikasjon  ",
                               "Kommunisere godt med pasienter og pårørende.")
        assert saved.id is not None and saved.theme == "Kommunikasjon"
        assert title_of(store, "ALM-001") == ("Kommunikasjon",
                                              "Kommunisere godt med pasienter og pårørende.")
        again = save_goal_text(store, "ALM", "ALM-001", "Kommunikasjon", "")  # theme only
        assert again.id == saved.id and store.count("goal_texts") == 1  # updated, not added
        assert store.count("audit_log") == before + 2
    finally:
        store.close()


def test_neither_theme_nor_text_is_refused_and_nothing_is_written(demo_copy):
    original = demo_copy.read_bytes()
    store = Store.open(demo_copy)
    try:
        with pytest.raises(ValidationError) as caught:
            save_goal_text(store, "ALM", "ALM-001", "  ", "   \n ")
        assert caught.value.field == "text" and "tema eller tekst" in caught.value.message
        assert store.count("goal_texts") == 0
    finally:
        store.close()
    assert demo_copy.read_bytes() == original


def test_reset_goes_back_to_the_shipped_text(demo_copy):
    store = Store.open(demo_copy)
    try:
        shipped = shipped_goal("ALM", "ALM-002")
        save_goal_text(store, "ALM", "ALM-002", "Eget tema", "Egen tekst.")
        reset_goal_text(store, "ALM", "ALM-002")
        assert title_of(store, "ALM-002") == (shipped.theme, shipped.text)
        assert store.count("goal_texts") == 0
        reset_goal_text(store, "ALM", "ALM-002")  # nothing to reset: no error, no change
    finally:
        store.close()


def test_an_imported_only_goal_cannot_be_reset(demo_copy):
    store = Store.open(demo_copy)
    try:
        import_goal_texts(store, [m.GoalText(catalog_version="FKM-2030", code="FKM-001",
                                             theme="Nytt", text="Nytt mål.")])
        with pytest.raises(ValidationError, match="bare som importert tekst"):
            reset_goal_text(store, "FKM-2030", "FKM-001")
        assert title_of(store, "FKM-001", "FKM-2030") == ("Nytt", "Nytt mål.")
    finally:
        store.close()
