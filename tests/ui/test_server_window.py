"""The window on a PostgreSQL server (issue 20): Fil -> Koble til server, the URL in the
title and the recent list (never a password), a reader's read-only banner, and a refused
save that says who changed the record."""

from datetime import date

import pytest

from alis_desktop import models as m
from db.store import Store
from db.versions import StaleRecord


@pytest.fixture
def server_window(qtbot, keep, pg_url):
    from ui.app import make_app
    from ui.data import DataContext
    from ui.main_window import MainWindow
    make_app()
    first = Store.open(pg_url, create=True)
    first.save(m.Doctor(name="Kari Nordmann", start_date=date(2024, 1, 1)))
    first.close()
    context = DataContext(None)
    window = keep(MainWindow(context))
    yield window, pg_url
    if context.store is not None:
        context.store.close()


def test_connecting_to_a_server_from_the_window(server_window):
    from ui import settings
    window, url = server_window
    labels = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Koble til server ..." in labels
    assert window.open_path(url)
    store = window.context.store
    assert store.url == url and not store.read_only and store.count("doctors") == 1
    assert url in window.windowTitle()
    assert settings.recent_files()[0] == url


def test_the_dialog_refuses_a_file_name_and_a_password(qtbot, keep):
    from ui.app import make_app
    from ui.server_connect import ServerDialog
    make_app()
    dialog = keep(ServerDialog())
    dialog.edit.setText("C:/ALIS/fjordvik.alis")
    dialog.accept()
    assert dialog.result() == 0 and "postgresql://" in dialog.problem.text()
    dialog.edit.setText("postgresql://kari:hemmelig@server/fjordvik")
    dialog.accept()
    assert "passordet" in dialog.problem.text().lower()
    dialog.edit.setText("postgresql://kari@server/fjordvik?sslmode=require")
    dialog.accept()
    assert dialog.result() == 1


def test_a_reader_sees_the_read_only_banner(server_window, pg_server):
    window, url = server_window
    schema = url.split("search_path%3D")[1]
    with pg_server.admin() as conn:
        conn.execute("DO $$ BEGIN CREATE ROLE leser_ui LOGIN; EXCEPTION WHEN duplicate_object "
                     "THEN NULL; END $$")
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO leser_ui; '
                     f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO leser_ui')
    reader_url = url.replace("postgres@", "leser_ui@")
    assert window.open_path(reader_url)
    assert window.context.store.read_only
    from ui.safety.banner import ReadOnlyBanner
    banner = window.findChild(ReadOnlyBanner)
    assert not banner.isHidden()
    assert "logget på serveren som leser_ui" in banner.text()
    assert "(skrivebeskyttet)" in window.windowTitle()


def test_a_dialogs_save_over_another_users_change_is_refused(server_window):
    """The window's way of saving: DataContext.save of a record the dialog rebuilt with
    dataclasses.replace (so the version is not on it), while views re-read in between."""
    import dataclasses

    from ui.data import DataContext
    _window, url = server_window
    kari, ola = DataContext(Store.open(url)), Store.open(url)
    try:
        original = kari.store.all("doctors")[0]  # the list the dialog was opened from
        theirs = ola.all("doctors")[0]
        theirs.email = "kari@fjordvik.kommune.no"
        ola.save(theirs)
        kari.store.all("doctors")  # a view refreshes meanwhile
        edited = dataclasses.replace(original, phone="12345678")
        with pytest.raises(StaleRecord, match="ble endret av postgres") as refused:
            kari.save(edited)
        assert "kari@fjordvik.kommune.no" in str(refused.value)
        assert ola.get("doctors", original.id).email == "kari@fjordvik.kommune.no"
        # Shown the stored values, the user makes the change again: it is saved.
        kari.save(dataclasses.replace(refused.value.current, phone="12345678"))
        stored = ola.get("doctors", original.id)
        assert (stored.email, stored.phone) == ("kari@fjordvik.kommune.no", "12345678")
    finally:
        kari.store.close()
        ola.close()


def test_a_dialog_filled_before_the_change_stays_refused_while_it_would_undo_it(
        server_window):
    """Both change the e-mail: refused, with the other's value shown. A dialog that would
    put the old e-mail back is refused every time; typed over again, the e-mail is saved
    (the user has been shown what it was)."""
    import dataclasses

    from ui.data import DataContext
    _window, url = server_window
    kari, ola = DataContext(Store.open(url)), Store.open(url)
    try:
        original = kari.store.all("doctors")[0]
        theirs = ola.all("doctors")[0]
        theirs.email = "ola@fjordvik.kommune.no"
        ola.save(theirs)
        typed = dataclasses.replace(original, email="kari@fjordvik.kommune.no")
        with pytest.raises(StaleRecord, match="ola@fjordvik.kommune.no"):
            kari.save(dataclasses.replace(typed))
        for _attempt in range(2):
            with pytest.raises(StaleRecord):
                kari.save(dataclasses.replace(original, phone="12345678"))
        assert ola.get("doctors", original.id).email == "ola@fjordvik.kommune.no"
        kari.save(dataclasses.replace(typed))
        assert ola.get("doctors", original.id).email == "kari@fjordvik.kommune.no"
    finally:
        kari.store.close()
        ola.close()


def test_another_users_new_doctor_appears_without_a_restart(server_window, qtbot):
    """Two windows' worth of work: Ola adds a doctor; Kari's open Leger view shows it at the
    next poll of the server's change counter, and not before."""
    window, url = server_window
    assert window.open_path(url)
    window.show_view("doctors")
    view = window.views["doctors"]
    assert view.model.rowCount() == 1
    assert not window.change_poller.poll()  # nothing new yet
    ola = Store.open(url)
    try:
        ola.save(m.Doctor(name="Ola Ny", start_date=date(2025, 1, 1)))
    finally:
        ola.close()
    assert view.model.rowCount() == 1  # not until the poll
    assert window.change_poller.poll()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    assert window.change_poller.timer.isActive()


def test_a_file_window_does_not_poll(qtbot, keep, context):
    from ui.main_window import MainWindow
    window = keep(MainWindow(context))
    assert not window.change_poller.timer.isActive() and not window.change_poller.poll()


def test_the_overview_on_a_server_is_filled_from_a_background_connection(
        qtbot, keep, pg_url, demo_file):
    """The figures job opens its own connection to the server (as it opens the file
    read-only beside the window's): the overview shows the rules engine's figures."""
    from db.exchange import export_data, import_data
    from db.progress import overview
    from ui import background
    from ui.app import make_app
    from ui.data import DataContext
    from ui.main_window import MainWindow
    make_app()
    source = Store.open(demo_file, read_only=True)
    data = export_data(source)
    source.close()
    target = Store.open(pg_url, create=True)
    import_data(target, data)
    context = DataContext(target)
    window = keep(MainWindow(context))
    started = []
    real_start = background.start
    background.start = lambda job: (started.append(job.path), real_start(job))
    try:
        window.show()
        view = window.views["overview"]
        assert view.wait_for_progress()
    finally:
        background.start = real_start
    assert started == [pg_url]
    progress, due, _warnings = overview(target, date.today())
    assert {line.doctor_id for line in view.doctor_model.rows} == set(due)
    for line in view.doctor_model.rows:
        assert line.counted_years == progress[line.doctor_id].counted_months / 12
    window.close()
    target.close()


def test_the_doctor_dialog_refuses_then_reloads_keeping_the_users_own_change(
        server_window, keep):
    """Kari edits the phone in Rediger lege while Ola saves a new e-mail: Lagre is refused
    with Ola's name and value; «Last inn på nytt» brings Ola's e-mail into the dialog and
    keeps Kari's phone; Lagre then saves both."""
    from ui.data import DataContext
    from ui.doctors.dialog import DoctorDialog
    from ui.stale_reload import RELOAD
    _window, url = server_window
    kari, ola = DataContext(Store.open(url)), Store.open(url)
    try:
        doctor = kari.store.all("doctors")[0]
        dialog = keep(DoctorDialog(kari, doctor))
        theirs = ola.get("doctors", doctor.id)
        theirs.email = "ola@fjordvik.kommune.no"
        ola.save(theirs)
        dialog.fields["phone"].setText("12345678")
        dialog.accept()
        assert dialog.result() == 0 and dialog.saved is None
        assert "ble endret av postgres" in dialog.error.text()
        assert "ola@fjordvik.kommune.no" in dialog.error.text()
        assert dialog.reload_button.text() == RELOAD and not dialog.reload_button.isHidden()
        assert ola.get("doctors", doctor.id).phone == ""  # nothing written
        dialog.reload_button.click()
        assert dialog.fields["email"].text() == "ola@fjordvik.kommune.no"
        assert dialog.fields["phone"].text() == "12345678"
        dialog.accept()
        assert dialog.saved is not None
        stored = ola.get("doctors", doctor.id)
        assert (stored.email, stored.phone) == ("ola@fjordvik.kommune.no", "12345678")
    finally:
        kari.store.close()
        ola.close()


def test_a_password_the_server_asks_for_is_prompted_and_never_kept(
        server_window, pg_server, monkeypatch):
    """A role whose password libpq finds nowhere: the window asks for it (a wrong one is
    asked again), opens, and the password is in no setting, title or recent entry."""
    import pathlib

    from ui import server_connect, settings
    window, url = server_window
    schema = url.split("search_path%3D")[1]
    hba = pathlib.Path(pg_server.base) / "data" / "pg_hba.conf"
    with pg_server.admin() as conn:
        conn.execute("DO $$ BEGIN CREATE ROLE med_passord LOGIN PASSWORD 'riktig-passord'; "
                     "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO med_passord; '
                     f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO med_passord')
        if "med_passord" not in hba.read_text():
            hba.write_text("local all med_passord scram-sha-256\n" + hba.read_text())
            conn.execute("SELECT pg_reload_conf()")
    typed = iter(["feil", "riktig-passord"])
    asked = []
    monkeypatch.setattr(server_connect, "ask_password",
                        lambda parent, text: (asked.append(text), next(typed))[1])
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    reader_url = url.replace("postgres@", "med_passord@")
    assert window.open_path(reader_url)
    assert len(asked) == 2 and "ikke godtatt" in asked[1]
    store = window.context.store
    assert store.user == "med_passord" and store.count("doctors") == 1
    assert "riktig-passord" not in window.windowTitle()
    assert all("riktig-passord" not in f for f in settings.recent_files())
    settings_text = "".join(p.read_text(errors="replace")
                            for p in pathlib.Path(settings._folder).rglob("*") if p.is_file())
    assert "riktig-passord" not in settings_text


def test_undo_works_on_a_server_and_stops_at_another_users_change(server_window):
    """Rediger -> Angre on a server: a save, a new record and a deletion are undone through
    the checked writes; a record another user changed since is not undone over them."""
    import dataclasses

    from alis_desktop.errors import ValidationError
    from ui.data import DataContext
    _window, url = server_window
    kari, ola = DataContext(Store.open(url)), Store.open(url)
    try:
        doctor = kari.store.all("doctors")[0]
        kari.save(dataclasses.replace(doctor, phone="11111111"))
        kari.undo()
        assert ola.get("doctors", doctor.id).phone == ""
        added = kari.save(m.Doctor(name="Ny Lege", start_date=date(2025, 1, 1)))
        kari.undo()
        assert ola.count("doctors") == 1
        doomed = kari.save(m.Doctor(name="Slettes", start_date=date(2025, 1, 1)))
        kari.delete("doctors", doomed.id)
        kari.undo()
        assert [d.name for d in ola.all("doctors")][-1] == "Slettes"
        kari.save(dataclasses.replace(kari.store.get("doctors", doctor.id), phone="22222222"))
        theirs = ola.get("doctors", doctor.id)
        theirs.phone = "33333333"
        ola.save(theirs)
        with pytest.raises(ValidationError):
            kari.undo()
        assert ola.get("doctors", doctor.id).phone == "33333333"
        assert added.id is not None
    finally:
        kari.store.close()
        ola.close()
