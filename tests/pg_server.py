"""A throwaway PostgreSQL server for the tests (issue 20): initdb into a temporary folder,
started on a Unix socket in that folder (no TCP port, nothing reachable from outside), with
durability switched off because the data is thrown away; stopped and deleted at the end.

initdb refuses to run as root, so as root the server runs as the `postgres` system user
that Debian's package creates. Where no server can start (no PostgreSQL installed, no
unprivileged user), `start` returns the reason and the server tests are skipped with it."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from itertools import count
from urllib.parse import quote


def _bin_dir() -> str | None:
    on_path = shutil.which("pg_ctl")
    if on_path:
        return os.path.dirname(on_path)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(p.split("/")[-3]) if p.split("/")[-3].isdigit() else 0)
    return os.path.dirname(found[-1]) if found else None


@dataclass
class PgServer:
    base: str
    bin_dir: str
    run_as: list[str]
    database: str = "alis"
    _schemas: count = field(default_factory=lambda: count(1))

    def _run(self, *args: str) -> None:
        subprocess.run([*self.run_as, *args], check=True, capture_output=True, timeout=120)

    def url(self, user: str = "postgres", database: str | None = None,
            schema: str | None = None) -> str:
        url = f"postgresql://{user}@/{database or self.database}?host={quote(self.base)}"
        if schema:
            url += f"&options={quote(f'-csearch_path={schema}')}"
        return url

    def admin(self):
        import psycopg
        return psycopg.connect(self.url(), autocommit=True)

    def fresh_schema(self) -> str:
        """An empty schema of its own for one test (cheaper than a database per test)."""
        name = f"t{os.getpid()}_{next(self._schemas)}"
        with self.admin() as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return name

    def stop(self) -> None:
        try:
            self._run(os.path.join(self.bin_dir, "pg_ctl"), "-D", f"{self.base}/data",
                      "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def start() -> PgServer | str:
    """A running server, or the reason none can start here."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    bin_dir = _bin_dir()
    if bin_dir is None:
        return "PostgreSQL is not installed (apt-get install postgresql)"
    run_as: list[str] = []
    base = tempfile.mkdtemp(prefix="alis-pg-")
    if os.geteuid() == 0:  # initdb refuses root: run the server as the package's user
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            return "running as root and there is no 'postgres' user to run the server as"
        os.chown(base, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    server = PgServer(base, bin_dir, run_as)
    try:
        server._run(os.path.join(bin_dir, "initdb"), "-D", f"{base}/data", "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        server._run(os.path.join(bin_dir, "pg_ctl"), "-D", f"{base}/data", "-l",
                    f"{base}/log", "-w", "-o",
                    f"-k {base} -c listen_addresses='' -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off", "start")
        with psycopg_connect(server.url(database="postgres")) as conn:
            conn.execute(f'CREATE DATABASE "{server.database}"')
    except (OSError, subprocess.SubprocessError, Exception) as exc:  # noqa: BLE001
        detail = getattr(exc, "stderr", b"") or b""
        server.stop()
        return f"the test server did not start: {exc} {detail.decode(errors='replace')[-300:]}"
    return server


def psycopg_connect(url: str):
    import psycopg
    return psycopg.connect(url, autocommit=True)
