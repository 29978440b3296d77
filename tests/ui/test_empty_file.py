"""A 0-byte file in the window: never made an ALIS file without asking; the user may start
a new file there, and Avbryt (the default) leaves it alone."""

from __future__ import annotations

import pytest

from db.connection import EmptyFile
from db.store import Store
from ui.safety import opening


@pytest.fixture
def empty(tmp_path):
    path = tmp_path / "tom.alis"
    path.touch()
    return path


def test_the_question_defaults_to_leaving_the_file_alone(qtbot, empty):
    with pytest.raises(EmptyFile) as caught:
        Store.open(empty)
    box = opening.empty_box(None, caught.value)
    qtbot.addWidget(box)
    assert "tom.alis er tom (0 byte) og er ikke en ALIS-fil" in box.text()
    assert [b.text() for b in box.buttons()] == ["Start en ny fil her", "Avbryt"]
    assert box.defaultButton().text() == "Avbryt"
    box.buttons()[0].click()
    assert box.property("choice") == opening.NEW_FILE


def test_cancel_leaves_the_empty_file_and_no_lock(empty, monkeypatch):
    monkeypatch.setattr(opening, "ask_empty", lambda parent, exc: opening.CANCEL)
    assert opening.open_store(None, empty) is None
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in empty.parent.iterdir()) == ["tom.alis"]


def test_starting_a_new_file_there_makes_an_alis_file(empty, monkeypatch):
    monkeypatch.setattr(opening, "ask_empty", lambda parent, exc: opening.NEW_FILE)
    store = opening.open_store(None, empty, auto_backup=True)
    try:
        assert store is not None and not store.read_only
        assert store.count("municipality") == 1
    finally:
        store.close()
    assert empty.read_bytes().startswith(b"SQLite format 3")
    assert not any(p.name.endswith("sikkerhetskopier") for p in empty.parent.iterdir())


def test_not_interactive_refuses(empty):
    with pytest.raises(EmptyFile):
        opening.open_store(None, empty, interactive=False)
    assert empty.stat().st_size == 0
