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
    port: int | None = None  # listening on 127.0.0.1 too (the benchmarks' loopback)
    _schemas: count = field(default_factory=lambda: count(1))

    def _run(self, *args: str) -> None:
        subprocess.run([*self.run_as, *args], check=True, capture_output=True, timeout=120)

    def url(self, user: str = "postgres", database: str | None = None,
            schema: str | None = None) -> str:
        where, query = "", []
        if self.port is not None:
            where = f"127.0.0.1:{self.port}"
        else:
            query.append(f"host={quote(self.base)}")
        if schema:
            query.append(f"options={quote(f'-csearch_path={schema}')}")
        url = f"postgresql://{user}@{where}/{database or self.database}"
        return url + ("?" + "&".join(query) if query else "")

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


def start(*, tcp: bool = False) -> PgServer | str:
    """A running server, or the reason none can start here. With tcp, it also listens on
    127.0.0.1 at a free port, and url() goes through it."""
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
    server = PgServer(base, bin_dir, run_as, port=_free_port() if tcp else None)
    listen = f"'127.0.0.1' -p {server.port}" if tcp else "''"
    try:
        server._run(os.path.join(bin_dir, "initdb"), "-D", f"{base}/data", "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        server._run(os.path.join(bin_dir, "pg_ctl"), "-D", f"{base}/data", "-l",
                    f"{base}/log", "-w", "-o",
                    f"-k {base} -c listen_addresses={listen} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off", "start")
        with psycopg_connect(server.url(database="postgres")) as conn:
            conn.execute(f'CREATE DATABASE "{server.database}"')
    except (OSError, subprocess.SubprocessError, Exception) as exc:  # noqa: BLE001
        detail = getattr(exc, "stderr", b"") or b""
        server.stop()
        return f"the test server did not start: {exc} {detail.decode(errors='replace')[-300:]}"
    return server


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psycopg_connect(url: str):
    import psycopg
    return psycopg.connect(url, autocommit=True)
