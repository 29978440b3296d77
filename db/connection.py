"""Opening an .alis file safely.

Order matters (STYLE.md practice 3): look at the file read-only first (header, version, a
quick structural check), so a newer or damaged file stays byte-identical; take the writer's
lock (db/lock.py); back the file up before the first migration step; only then open for
writing and migrate.

Why a rollback journal and not WAL (docs/reliability.md): the file often lives on a network
share (a municipal home or department drive). WAL keeps its index in shared memory, which
SQLite documents as unsupported across machines on a network file system; a rollback journal
needs only ordinary file locks. journal_mode=DELETE with synchronous=FULL makes a commit
durable when it returns, and a process killed at any point leaves either the old or the new
state: the next opener rolls a hot journal back.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from alis_desktop import os_errors
from alis_desktop.atomic_files import atomic_output
from alis_desktop.errors import FileProblem
from db import migrations
from db.lock import FileLock
from db.uri import sqlite_uri

SCHEMA_VERSION = migrations.LATEST
SQLITE_HEADER = b"SQLite format 3\x00"


def backup_dir_for(path: Path) -> Path:
    """Default backup folder: beside the file."""
    return path.with_name(path.stem + "-sikkerhetskopier")


SQLITE_READONLY_ROLLBACK = 776  # a hot journal that a read-only connection cannot roll back


class EmptyFile(FileProblem):
    """A 0-byte file: not an ALIS file, and never turned into one without asking."""

    def __init__(self, path: Path):
        self.path = Path(path)
        super().__init__(f"{self.path.name} er tom (0 byte) og er ikke en ALIS-fil. Filen er "
                         "ikke endret.")


class InterruptedWrite(FileProblem):
    """A hot journal: a writer stopped mid-transaction; the next writer rolls it back."""


def _ro_uri(path: Path) -> str:
    """Read-only URI: built by db/uri.py, which writes UNC and drive paths as SQLite reads
    them (Path.as_uri() gives a network path an authority SQLite refuses)."""
    return sqlite_uri(Path(path).resolve(), mode="ro")


def check_early(path: Path) -> None:
    """Start inspect_version(path, verify=True) in a thread now. The window calls this
    before it imports Qt: on a large file quick_check reads every page (a tenth of a second
    and more on the 47 MB file), and meanwhile the imports go on. The next inspect_version
    of the file uses its answer, or its refusal, if the file and its journal look as they
    did before the check began and after it ended; otherwise it checks again."""
    import threading
    path = Path(path)
    early = _EarlyCheck(path)
    _EARLY[path] = early
    threading.Thread(target=early.run, name="alis-early-check", daemon=True).start()


class _EarlyCheck:
    def __init__(self, path: Path) -> None:
        import threading
        self.path = path
        self.before = _looks(path)
        self.after = None
        self.done = threading.Event()
        self.version: int | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.version = _inspect(self.path, verify=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the opener
            self.error = exc
        finally:
            self.after = _looks(self.path)
            self.done.set()


_EARLY: dict[Path, _EarlyCheck] = {}


def _looks(path: Path) -> tuple:
    """What changes when anyone writes the file: size, time and inode, and its journal."""
    def stat(p: Path):
        try:
            st = p.stat()
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns, st.st_ino
    return stat(path), stat(path.with_name(path.name + "-journal"))


def inspect_version(path: Path, *, verify: bool = False, empty_ok: bool = False) -> int:
    """The file's schema version, read without writing anything; FileProblem if unusable.

    With verify, also PRAGMA quick_check (structure of every page, no index contents): a
    truncated or overwritten file is refused here instead of failing later mid-work. An
    empty file is EmptyFile, unless empty_ok (a file this program has just created): 0.
    An early check of the same file (check_early) is used once if the file is unchanged."""
    early = _EARLY.pop(Path(path), None) if verify else None
    if early is not None:
        early.done.wait()
        if empty_ok and isinstance(early.error, EmptyFile):
            pass  # a file this program has just created: read again below
        elif early.before == early.after == _looks(Path(path)):
            if early.error is not None:
                raise early.error
            return early.version
    return _inspect(path, verify=verify, empty_ok=empty_ok)


def _inspect(path: Path, *, verify: bool, empty_ok: bool = False) -> int:
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise FileProblem(os_errors.describe(exc, path, action="lese")) from None
    if len(header) == 0:
        if not empty_ok:
            raise EmptyFile(path)
        return 0
    if not header.startswith(SQLITE_HEADER):
        raise FileProblem(
            f"{path.name} er ikke en ALIS Desktop-fil (ikke en SQLite-database). "
            "Filen er ikke endret.")
    if len(header) < 100:
        raise FileProblem(f"{path.name} er avkortet eller skadet. Filen er ikke endret.")
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            problem = None
            if verify and version <= SCHEMA_VERSION:
                problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY_ROLLBACK:
            raise InterruptedWrite(
                f"{path.name} har en skriving som ble avbrutt (programmet stoppet midt i en "
                "lagring). Åpne filen for redigering én gang, så settes den automatisk tilbake "
                "til siste fullførte lagring.") from None
        raise FileProblem(
            f"{path.name} er skadet og kan ikke åpnes ({exc}). Filen er ikke endret.") from None
    if version > SCHEMA_VERSION:
        raise FileProblem(
            f"{path.name} er laget av en nyere versjon av ALIS Desktop (skjemaversjon "
            f"{version}, denne versjonen kan {SCHEMA_VERSION}). Oppdater programmet for å "
            "åpne filen. Filen er ikke endret.")
    if problem is not None and problem != "ok":
        problem = problem.replace("*** in database main ***", "").strip()
        raise FileProblem(
            f"{path.name} er skadet (integritetskontrollen fant: {problem}). Filen er ikke "
            "endret. Gjenopprett fra en sikkerhetskopi (Fil → Gjenopprett).")
    return version


def roll_back_interrupted_write(path: Path) -> None:
    """Let SQLite roll a hot journal back (call only while holding the writer's lock)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def backup_copy(conn_or_path, dest: Path) -> Path:
    """A consistent copy through SQLite's online backup API, written whole or not at all
    (alis_desktop.atomic_files): a full disk leaves no half copy, and DiskFull says so."""
    dest = Path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_errors.problem(exc, dest.parent, action="lage mappen") from None
    src = conn_or_path
    own = not isinstance(src, sqlite3.Connection)
    if own:
        src = sqlite3.connect(_ro_uri(conn_or_path), uri=True)
    try:
        size = _database_size(src)
        with atomic_output(dest, size_hint=size) as tmp:
            target = _connect_target(tmp)
            try:
                src.backup(target)
            finally:
                target.close()
            _owner_only(tmp)
    finally:
        if own:
            src.close()
    return dest


def _connect_target(path: Path) -> sqlite3.Connection:
    """The connection a copy is written through (a seam for the full-disk tests)."""
    return sqlite3.connect(path)


def _database_size(conn: sqlite3.Connection) -> int | None:
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        return pages * conn.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.Error:
        return None


def _owner_only(path: Path) -> None:
    try:
        os.chmod(path, 0o600)
    except OSError:  # some file systems (network shares, Windows) have no such bits
        pass


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the program's settings: explicit transactions, foreign keys on,
    rollback journal with full sync (safe on local disks and network shares alike)."""
    if read_only:
        conn = sqlite3.connect(_ro_uri(path), uri=True, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")  # belt and braces: SQLite refuses any write
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def refresh_statistics(conn: sqlite3.Connection, *, changed: bool) -> None:
    """Table statistics for SQLite's query planner (sqlite_stat1), refreshed when the
    session `changed` the file or the file has none yet. Without them the planner scans a
    whole index for "hours held this month"; with them it skips through the per-doctor
    index, three times faster on the 1,000-doctor file (docs/performance.md). A sampled
    ANALYZE (analysis_limit) takes a few milliseconds on the largest file."""
    has_statistics = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is not None
    if has_statistics and not changed:
        return
    conn.execute("PRAGMA analysis_limit = 400")
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("ANALYZE")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def migrate(conn: sqlite3.Connection, path: Path | None, backup_dir: Path | None = None) -> list[str]:
    """Bring the file to SCHEMA_VERSION; back up first if it already holds data."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    done = []
    pending = [s for s in migrations.steps() if s[0] > version]
    if pending and version > 0 and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")  # unique: two in a second
        folder = backup_dir or backup_dir_for(path)
        backup_copy(conn, folder / f"{path.stem}.v{version}.{stamp}.alis")
    for number, name, sql in pending:
        try:
            conn.executescript(
                f"BEGIN EXCLUSIVE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done.append(name)
    return done


def open_file(path, *, create: bool = False, read_only: bool = False,
              backup_dir: Path | None = None, verify: bool = True) -> sqlite3.Connection:
    """Open (and if needed create or migrate) a file without the writer's lock; FileProblem
    with a Norwegian message for anything the user must know. Store.open adds the lock."""
    conn, _lock = open_locked(path, create=create, read_only=read_only, lock=False,
                              backup_dir=backup_dir, verify=verify)
    return conn


def open_locked(path, *, create: bool = False, read_only: bool = False, lock: bool = True,
                take_over: bool = False, backup_dir: Path | None = None,
                verify: bool = True, allow_empty: bool = False,
                ) -> tuple[sqlite3.Connection, FileLock | None]:
    """Open a file as open_file does; for writing, first take the writer's lock (FileLocked
    when another copy holds it). Returns the connection and the lock (None when not taken).
    An existing 0-byte file is EmptyFile unless allow_empty and create (the user asked to
    start a new file there)."""
    path = Path(path)
    exists = path.exists()
    if path.is_dir():
        raise FileProblem(f"{path} er en mappe, ikke en ALIS-fil.")
    empty_ok = not exists or (allow_empty and create)
    if not exists and not create:
        raise FileProblem(f"Filen {path} finnes ikke.")
    if not exists and read_only:
        raise FileProblem("En ny fil kan ikke åpnes skrivebeskyttet.")
    if read_only:
        version = inspect_version(path, verify=verify)
        if version < SCHEMA_VERSION:
            raise FileProblem(
                f"{path.name} har en eldre skjemaversjon ({version}) og må oppgraderes, "
                "men er åpnet skrivebeskyttet.")
        return connect(path, read_only=True), None
    if exists:
        _check_header(path, empty_ok)  # a foreign file is refused before a lock file appears
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    held = FileLock.acquire(path, take_over=take_over) if lock else None
    try:
        if not exists:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        try:
            inspect_version(path, verify=verify, empty_ok=empty_ok)
        except InterruptedWrite:
            roll_back_interrupted_write(path)  # we hold the lock: nobody else is writing
            inspect_version(path, verify=verify, empty_ok=empty_ok)
        conn = connect(path)
        try:
            migrate(conn, path, backup_dir)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if os_errors.is_disk_full(exc):
                raise os_errors.DiskFull(path.parent, None, path.name, change=True) from None
            raise FileProblem(f"{path.name} kunne ikke oppgraderes: {exc}") from None
    except BaseException:
        if held is not None:
            held.release()
        raise
    return conn, held


def _check_header(path: Path, empty_ok: bool = False) -> None:
    """The cheap part of inspect_version: is this an SQLite file at all."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise FileProblem(os_errors.describe(exc, path, action="lese")) from None
    if not header and not empty_ok:
        raise EmptyFile(path)
    if header and not header.startswith(SQLITE_HEADER):
        raise FileProblem(
            f"{path.name} er ikke en ALIS Desktop-fil (ikke en SQLite-database). "
            "Filen er ikke endret.")
