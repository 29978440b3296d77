"""Several leaders on one server (issue 20): no lost update, refusals that say who and
when, and a reader role that cannot write. Each person logs in as their own role, a member
of the writer or reader group, as docs/server.md sets it up."""

import sqlite3
from datetime import date

import pytest

from alis_desktop import models as m
from alis_desktop.errors import FileProblem
from db.store import Store
from db.versions import StaleRecord

WRITER, READER = "alis_skriver", "alis_leser"
PEOPLE = {"kari": WRITER, "ola": WRITER, "revisor": READER}


@pytest.fixture(scope="session")
def roles(pg_server):
    with pg_server.admin() as conn:
        for group in (WRITER, READER):
            conn.execute(f"CREATE ROLE {group} NOLOGIN")
        for person, group in PEOPLE.items():
            conn.execute(f"CREATE ROLE {person} LOGIN IN ROLE {group}")
    return PEOPLE


def grants(schema: str) -> str:
    """The grants of docs/server.md, for one schema."""
    return f"""
        GRANT USAGE ON SCHEMA "{schema}" TO {WRITER}, {READER};
        GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {WRITER}, {READER};
        GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO {WRITER};
        REVOKE UPDATE, DELETE, TRUNCATE ON "{schema}".audit_log FROM {WRITER};
        GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA "{schema}" TO {WRITER};
    """


@pytest.fixture
def server(pg_server, roles):
    """A set-up database (schema made by its owner, grants given) and a way to open it as
    one of the people."""
    schema = pg_server.fresh_schema()
    Store.open(pg_server.url(schema=schema), create=True).close()
    with pg_server.admin() as conn:
        conn.execute(grants(schema))
    opened = []

    def open_as(person: str, **kw) -> Store:
        store = Store.open(pg_server.url(user=person, schema=schema), **kw)
        opened.append(store)
        return store
    yield open_as
    for store in opened:
        store.close()


def add_doctor(store, name="Kari Nordmann"):
    return store.save(m.Doctor(name=name, start_date=date(2024, 1, 1)))


def test_two_leaders_edit_the_same_doctor_nothing_is_lost(server):
    kari, ola = server("kari"), server("ola")
    created = add_doctor(kari)
    karis = kari.get("doctors", created.id)
    olas = ola.get("doctors", created.id)
    olas.phone = "99887766"
    ola.save(olas)
    karis.notes = "Ny merknad"
    with pytest.raises(StaleRecord) as refused:
        kari.save(karis)
    message = str(refused.value)
    assert "ble endret av ola" in message and "Ingenting er overskrevet" in message
    assert "Telefon" in message and "99887766" in message  # their value, shown
    assert "Last posten inn på nytt" in message
    assert refused.value.changed_by == "ola" and refused.value.current.phone == "99887766"
    stored = ola.get("doctors", created.id)
    assert stored.phone == "99887766" and stored.notes == ""  # Ola's work kept, nothing mixed
    # Kari reloads and makes her change again: both changes are in.
    again = kari.get("doctors", created.id)
    again.notes = "Ny merknad"
    kari.save(again)
    both = ola.get("doctors", created.id)
    assert (both.phone, both.notes) == ("99887766", "Ny merknad")
    users = [(e.user, e.action) for e in ola.all("audit_log")]
    assert users == [("kari", "opprettet"), ("ola", "endret"), ("kari", "endret")]


def test_two_leaders_edit_the_same_placement(server):
    kari, ola = server("kari"), server("ola")
    d = add_doctor(kari)
    arena = kari.save(m.Arena(name="Legesenteret"))
    p = kari.save(m.Placement(doctor_id=d.id, arena_id=arena.id, start_date=date(2024, 1, 1),
                              end_date=date(2024, 6, 30), position_pct=100))
    olas = ola.all("placements")[0]
    karis = kari.get("placements", p.id)
    olas.position_pct = 50
    ola.save(olas)
    karis.end_date = date(2024, 12, 31)
    with pytest.raises(StaleRecord, match="ble endret av ola"):
        kari.save(karis)
    stored = kari.get("placements", p.id)
    assert (stored.position_pct, stored.end_date) == (50, date(2024, 6, 30))


def test_deleting_a_record_another_leader_changed_is_refused(server):
    kari, ola = server("kari"), server("ola")
    d = add_doctor(kari, name="Feil Registrert")
    assert [x.name for x in kari.all("doctors")] == ["Feil Registrert"]  # Kari's list
    olas = ola.get("doctors", d.id)
    olas.name = "Riktig Navn"
    ola.save(olas)
    with pytest.raises(StaleRecord, match="kan ikke slettes"):
        kari.delete("doctors", d.id)
    assert ola.get("doctors", d.id).name == "Riktig Navn"
    # Having seen the change, Kari may delete it.
    kari.get("doctors", d.id)
    kari.delete("doctors", d.id, reason="dobbeltregistrert")
    assert ola.count("doctors") == 0


def test_saving_a_record_another_leader_deleted_is_refused(server):
    kari, ola = server("kari"), server("ola")
    d = add_doctor(kari)
    karis = kari.get("doctors", d.id)
    ola.get("doctors", d.id)
    ola.delete("doctors", d.id)
    karis.notes = "x"
    with pytest.raises(StaleRecord, match="ble slettet av ola"):
        kari.save(karis)
    assert ola.count("doctors") == 0


def test_one_leaders_own_saves_in_a_row_are_not_refused(server):
    kari = server("kari")
    d = add_doctor(kari)
    for phone in ("11111111", "22222222", "33333333"):
        d.phone = phone
        kari.save(d)
    assert kari.get("doctors", d.id).phone == "33333333"


def test_a_reader_gets_a_read_only_store_and_cannot_write(server):
    add_doctor(server("kari"))
    revisor = server("revisor")
    assert revisor.read_only
    assert revisor.count("doctors") == 1
    with pytest.raises(FileProblem, match="skrivebeskyttet"):
        add_doctor(revisor, name="Ny")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):  # even past the program
        revisor.conn.execute("DELETE FROM doctors")
    assert revisor.count("doctors") == 1


def test_a_writer_cannot_rewrite_the_audit_log(server):
    kari = server("kari")
    add_doctor(kari)
    with pytest.raises(sqlite3.DatabaseError):
        kari.conn.execute("UPDATE audit_log SET detail = ''")
    with pytest.raises(sqlite3.DatabaseError):
        kari.conn.execute("TRUNCATE audit_log")


def test_no_lock_file_and_a_clear_message_when_the_server_is_unreachable(tmp_path):
    with pytest.raises(FileProblem, match="Kan ikke koble til serveren") as exc:
        Store.open(f"postgresql://alis:hemmelig@/alis?host={tmp_path}&connect_timeout=2")
    assert "hemmelig" not in str(exc.value)


def test_a_verified_copy_of_a_server_is_refused_in_norwegian(server, tmp_path):
    kari = server("kari")
    with pytest.raises(FileProblem, match="pg_dump"):
        kari.verified_copy(tmp_path / "kopi.alis")
    assert not (tmp_path / "kopi.alis").exists()
