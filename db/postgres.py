"""A PostgreSQL server behind the few sqlite3 operations db/ uses (issue 20, docs/server.md).

db/ talks to its connection through a small surface: execute / executemany returning a
cursor (iteration, fetchone, fetchall, description, rowcount, lastrowid), in_transaction,
close, and sqlite3's exception classes. PgConnection gives exactly that over psycopg 3, so
the readers and writers in db/ run unchanged on both backends. What differs per dialect is
translated here and nowhere else:

- statements: [name] -> "name", ? -> %s; INSERT ... RETURNING id for lastrowid; after an
  insert with explicit ids (import, undo of a deletion) the id sequence is moved past them;
- the PRAGMAs db/ asks (user_version -> the schema_version table, table_info, the checks);
- errors: psycopg's integrity errors become sqlite3.IntegrityError with SQLite's wording
  («UNIQUE constraint failed: t.c»), so store.constraint_error writes the same Norwegian
  message; an out-of-range number becomes OverflowError as in sqlite3;
- the schema: each SQLite step is translated by schema_sql (types, identity ids, the
  append-only triggers) unless db/migrations/postgresql/ holds a hand-written step of the
  same name; the version numbers are the same. Every table except the audit log gets a
  row_version column on the server (checked on save and delete: db/versions.py).
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from alis_desktop.errors import FileProblem
from db import migrations

URL_PREFIXES = ("postgresql://", "postgres://")
NO_VERSION_TABLES = frozenset({"audit_log"})  # append-only: never updated, needs no version


def is_server_url(target) -> bool:
    """True for a PostgreSQL connection URL; anything else is a file path."""
    return isinstance(target, str) and target.lower().startswith(URL_PREFIXES)


def safe_url(url: str) -> str:
    """The URL without a password, for messages and the recent list."""
    url = re.sub(r"(://[^:/@]+):[^@/]*@", r"\1@", url)
    return re.sub(r"([?&])password=[^&]*&?", r"\1", url).rstrip("?&")


# --- statements --------------------------------------------------------------------------
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\[(\w+)\]|\?|%|(?<![:\w]):([A-Za-z_]\w*)"
                    r"|\bgroup_concat\(")


@lru_cache(maxsize=1024)
def statement_sql(sql: str) -> str:
    """An SQLite statement as psycopg takes it (string literals left alone)."""
    def sub(mo):
        text = mo.group(0)
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        if mo.group(1):
            return f'"{mo.group(1)}"'
        if mo.group(2):  # a named parameter, :name (params given as a dict)
            return f"%({mo.group(2)})s"
        if text == "group_concat(":  # the same aggregate by PostgreSQL's name
            return "string_agg("
        return text.replace("%", "%%") if text.startswith("'") else text
    return _TOKEN.sub(sub, sql)


_INSERT = re.compile(r'\s*INSERT\s+INTO\s+"?(\w+)"?\s*\(([^)]*)\)', re.IGNORECASE)
_PRAGMA = re.compile(r"\s*PRAGMA\s+(\w+)\s*(?:\(\s*\[?(\w+)\]?\s*\))?\s*(?:=\s*(\w+))?\s*;?\s*$",
                     re.IGNORECASE)


# --- errors ------------------------------------------------------------------------------
def sqlite_error(exc: Exception) -> Exception:
    """psycopg's error as the sqlite3 error db/ already handles, with SQLite's wording."""
    import psycopg
    from psycopg import errors as e
    diag = getattr(exc, "diag", None)
    table = getattr(diag, "table_name", None) or ""
    if isinstance(exc, e.UniqueViolation):
        found = re.search(r"Key \((.*?)\)=", getattr(diag, "message_detail", None) or "")
        cols = [c.strip().strip('"') for c in found.group(1).split(",")] if found else []
        return sqlite3.IntegrityError(
            "UNIQUE constraint failed: " + ", ".join(f"{table}.{c}" for c in cols))
    if isinstance(exc, e.NotNullViolation):
        return sqlite3.IntegrityError(
            f"NOT NULL constraint failed: {table}.{getattr(diag, 'column_name', '') or ''}")
    if isinstance(exc, e.ForeignKeyViolation):
        return sqlite3.IntegrityError("FOREIGN KEY constraint failed")
    if isinstance(exc, e.CheckViolation):
        return sqlite3.IntegrityError(
            f"CHECK constraint failed: {getattr(diag, 'constraint_name', '') or ''}")
    if isinstance(exc, e.NumericValueOutOfRange):
        return OverflowError("Python int too large to convert to SQLite INTEGER")
    if isinstance(exc, e.RaiseException):  # the append-only triggers
        return sqlite3.IntegrityError(getattr(diag, "message_primary", None) or str(exc))
    if isinstance(exc, (e.ReadOnlySqlTransaction, e.InsufficientPrivilege)):
        return sqlite3.OperationalError(f"attempt to write a readonly database ({exc})")
    if isinstance(exc, psycopg.DataError) and "NUL" in str(exc):
        return UnicodeEncodeError("utf-8", "\x00", 0, 1, "the server cannot hold NUL")
    if isinstance(exc, psycopg.OperationalError):
        return sqlite3.OperationalError(str(exc))
    return sqlite3.DatabaseError(str(exc))


# --- the connection ----------------------------------------------------------------------
class PgCursor:
    """The cursor surface db/ uses; lastrowid from INSERT ... RETURNING id."""

    def __init__(self, cursor, lastrowid=None, rows=None, description=None):
        self._cursor = cursor
        self.lastrowid = lastrowid
        self._rows = rows  # a PRAGMA answered here rather than by the server
        self._description = description

    @property
    def description(self):
        return self._description if self._rows is not None else self._cursor.description

    @property
    def rowcount(self) -> int:
        return len(self._rows) if self._rows is not None else self._cursor.rowcount

    def fetchone(self):
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        return self._cursor.fetchone()

    def fetchall(self):
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        return self._cursor.fetchall()

    def __iter__(self):
        if self._rows is not None:
            return iter(self.fetchall())
        return iter(self._cursor)


class PgConnection:
    """psycopg 3 in autocommit mode; transactions are explicit (atomic()), as with SQLite's
    isolation_level=None, and nested ones become savepoints."""

    backend = "postgresql"

    def __init__(self, raw):
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        from psycopg import pq
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def atomic(self):
        return self.raw.transaction()

    def close(self) -> None:
        self.raw.close()

    def execute(self, sql: str, params=()):
        pragma = _PRAGMA.match(sql)
        if pragma:
            return self._pragma(*pragma.groups())
        text = statement_sql(sql)
        insert = _INSERT.match(text)
        returning = insert is not None and "RETURNING" not in text.upper()
        if returning and insert.group(1) != "schema_version":
            text = text.rstrip().rstrip(";") + " RETURNING id"
        cur = self.raw.cursor()
        try:
            cur.execute(text, params if isinstance(params, dict) else list(params))
            lastrowid = cur.fetchone()[0] if returning else None
            if insert is not None:
                self._after_explicit_ids(insert)
        except Exception as exc:  # noqa: BLE001 - translated and raised, never swallowed
            raise _translated(exc) from None
        return PgCursor(cur, lastrowid)

    def executemany(self, sql: str, seq_of_params):
        text = statement_sql(sql)
        cur = self.raw.cursor()
        try:
            cur.executemany(text, [list(p) for p in seq_of_params])
            insert = _INSERT.match(text)
            if insert is not None:
                self._after_explicit_ids(insert)
        except Exception as exc:  # noqa: BLE001 - translated and raised, never swallowed
            raise _translated(exc) from None
        return PgCursor(cur)

    def _after_explicit_ids(self, insert) -> None:
        """Rows inserted with their own ids: move the id sequence past them, or the next
        ordinary insert would collide (SQLite picks max(id) + 1 by itself)."""
        cols = [c.strip().strip('"') for c in insert.group(2).split(",")]
        if "id" not in cols:
            return
        table = insert.group(1)
        self.raw.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), max(id)) "
            f'FROM "{table}" HAVING max(id) IS NOT NULL')

    def _pragma(self, name: str, arg, value) -> PgCursor:
        """The PRAGMAs db/ uses, answered the server's way."""
        name = name.lower()
        if name == "user_version":
            return PgCursor(None, rows=[(schema_version(self.raw),)], description=[("user_version",)])
        if name in ("integrity_check", "quick_check"):
            return PgCursor(None, rows=[("ok",)], description=[(name,)])
        if name == "table_info":
            rows = self.raw.execute(
                "SELECT ordinal_position - 1, column_name, data_type, "
                "(is_nullable = 'NO')::int, column_default, 0 FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s "
                "ORDER BY ordinal_position", [arg]).fetchall()
            return PgCursor(None, rows=rows, description=[
                ("cid",), ("name",), ("type",), ("notnull",), ("dflt_value",), ("pk",)])
        if name == "query_only" and (value or "").upper() in ("ON", "1", "TRUE"):
            self.raw.execute("SET default_transaction_read_only = on")
        # foreign_keys, busy_timeout, journal settings, foreign_key_check: the server
        # enforces foreign keys always, and has nothing to report or tune here.
        return PgCursor(None, rows=[], description=[(name,)])


def _translated(exc: Exception) -> Exception:
    import psycopg
    return sqlite_error(exc) if isinstance(exc, psycopg.Error) else exc


# --- schema ------------------------------------------------------------------------------
PG_MIGRATIONS = migrations.migrations_dir() / "postgresql"  # hand-written steps, if any

# The one update the audit log takes: erasing a doctor's identity from old details
# (db/personal.py), with alis.redact_audit set for that transaction only (SET LOCAL).
_REFUSE_FUNCTION = """
CREATE OR REPLACE FUNCTION alis_refuse() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('alis.redact_audit', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '%', TG_ARGV[0];
END $$;
"""
# SQLite functions the shared SQL in db/ calls that PostgreSQL names differently.
_COMPATIBILITY = """
CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE AS
$$ SELECT strpos($1, $2) $$;
CREATE OR REPLACE AGGREGATE total(double precision) (
    SFUNC = float8pl, STYPE = double precision, INITCOND = '0');
"""
_TRIGGER = re.compile(r"CREATE TRIGGER (\w+) BEFORE (UPDATE|DELETE) ON (\w+)\s*"
                      r"BEGIN SELECT RAISE\(ABORT, '([^']*)'\); END;", re.IGNORECASE)
_TABLE = re.compile(r"CREATE TABLE (\w+) \((.*?)\n\);", re.DOTALL)


def schema_sql(sqlite_sql: str) -> str:
    """One SQLite schema step in PostgreSQL's dialect."""
    sql = re.sub(r"--[^\n]*", "", sqlite_sql)

    def trigger(mo):
        name, event, table, message = mo.groups()
        out = (f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW "
               f"EXECUTE FUNCTION alis_refuse('{message}');")
        if event.upper() == "DELETE":  # TRUNCATE bypasses row triggers on the server
            out += (f"\nCREATE TRIGGER {name}_truncate BEFORE TRUNCATE ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION alis_refuse('{message}');")
        return out
    if _TRIGGER.search(sql):
        sql = _REFUSE_FUNCTION + _TRIGGER.sub(trigger, sql)

    def table(mo):
        name, body = mo.groups()
        if name not in NO_VERSION_TABLES:
            body += ",\n    row_version BIGINT NOT NULL DEFAULT 1"
        return f"CREATE TABLE {name} ({body}\n);"
    sql = _TABLE.sub(table, sql)
    sql = re.sub(r"\bINTEGER PRIMARY KEY\b",
                 "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", sql)
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
    sql = re.sub(r"\bBLOB\b", "BYTEA", sql)
    sql = re.sub(r"\bx''", "''::bytea", sql)
    # Byte order, as SQLite compares text: sorting and the date checks do not depend on the
    # database's locale.
    sql = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', sql)
    sql = re.sub(r"(?m)^(\s*)user\b", r'\1"user"', sql)
    return sql


def steps() -> list[tuple[int, str, str]]:
    """(version, name, PostgreSQL sql): the SQLite steps, translated or hand-written."""
    out = []
    for number, name, sql in migrations.steps():
        own = PG_MIGRATIONS / f"{name}.sql"
        out.append((number, name, own.read_text(encoding="utf-8") if own.exists()
                    else schema_sql(sql)))
    return out


# A change counter other windows poll (docs/server.md): every statement that writes a
# table draws a number from a sequence. A sequence, not a counter row: it is not
# transactional, so writers never wait on each other for it and a big import leaves no
# trail of row versions. The functions run with their owner's rights: writers and readers
# need no grant on the sequence itself.
_CHANGE_COUNTER = """
CREATE SEQUENCE IF NOT EXISTS alis_changes;
CREATE OR REPLACE FUNCTION alis_count_change() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS
$$ BEGIN PERFORM nextval('alis_changes'); RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION alis_change_count() RETURNS bigint LANGUAGE sql STABLE
SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM alis_changes $$;
"""


def _count_changes(raw) -> None:
    """The counter, and its trigger on every table (again after each step: new tables)."""
    raw.execute(_CHANGE_COUNTER)
    tables = [r[0] for r in raw.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
        "current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'")]
    for table in tables:
        raw.execute(f'CREATE OR REPLACE TRIGGER alis_changes AFTER INSERT OR UPDATE OR DELETE '
                    f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION alis_count_change()')


def change_counter(raw) -> int:
    return raw.execute("SELECT alis_change_count()").fetchone()[0]


def schema_version(raw) -> int:
    found = raw.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not found:
        return 0
    row = raw.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def migrate(raw) -> list[str]:
    """Bring the database to migrations.LATEST; each step one transaction, serialised by an
    advisory lock so two programs opening a new database at once do not both create it."""
    done = []
    for number, name, sql in steps():
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(hashtext('alis-desktop schema'))")
            raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
            if schema_version(raw) >= number:
                continue
            if number == 1:
                raw.execute(_COMPATIBILITY)
            raw.execute(sql)
            _count_changes(raw)
            raw.execute("DELETE FROM schema_version")
            raw.execute("INSERT INTO schema_version VALUES (%s)", [number])
        done.append(name)
    return done


# --- opening -----------------------------------------------------------------------------
class PasswordNeeded(FileProblem):
    """The server asks for a password that libpq found nowhere (.pgpass, a service file):
    the window may ask the user for it and try again (kept in memory only)."""


def open_server(url: str, *, read_only: bool = False, create: bool = False,
                password: str | None = None) -> tuple[PgConnection, bool, str]:
    """Connect, check or bring the schema up to date; returns (connection, read_only, the
    database user). A role without write rights (a reader) opens read-only. Passwords come
    from libpq (~/.pgpass, PGPASSFILE, a service file): the program never stores one."""
    import psycopg
    try:
        extra = {"password": password} if password else {}
        raw = psycopg.connect(url, autocommit=True, application_name="ALIS Desktop", **extra)
    except psycopg.Error as exc:
        text = str(exc)
        if "no password supplied" in text or "password authentication failed" in text:
            raise PasswordNeeded(
                f"Serveren {safe_url(url)} ber om passord"
                + (" (passordet ble ikke godtatt)." if password else ".")) from None
        raise FileProblem(f"Kan ikke koble til serveren {safe_url(url)}: "
                          f"{str(exc).strip()}") from None
    try:
        user = raw.execute("SELECT current_user").fetchone()[0]
        version = schema_version(raw)
        if version > migrations.LATEST:
            raise FileProblem(
                f"Databasen er laget av en nyere versjon av ALIS Desktop (skjemaversjon "
                f"{version}, denne versjonen kan {migrations.LATEST}). Oppdater programmet.")
        if not read_only and version > 0:
            read_only = not raw.execute(
                "SELECT has_table_privilege('doctors', 'INSERT, UPDATE')").fetchone()[0]
        if version < migrations.LATEST:
            if read_only:
                raise FileProblem(
                    f"Databasen har skjemaversjon {version} og må klargjøres eller oppgraderes "
                    "av en bruker med skriverett før den kan åpnes skrivebeskyttet.")
            if version == 0:
                has_tables = raw.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                    "current_schema() AND table_name <> 'schema_version'").fetchone()[0]
                if has_tables:
                    raise FileProblem("Databasen inneholder andre tabeller og er ikke en "
                                      "ALIS Desktop-database. Ingenting er endret.")
            try:
                migrate(raw)
            except psycopg.Error as exc:
                raise FileProblem(f"Databasen kunne ikke klargjøres: {exc}") from None
        if read_only:
            raw.execute("SET default_transaction_read_only = on")
    except BaseException:
        raw.close()
        raise
    return PgConnection(raw), read_only, user
