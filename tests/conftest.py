"""Shared fixtures: real files in tmp dirs, Qt offscreen, settings kept out of the user's."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 26)  # the demo is laid around a fixed day so tests are stable


@pytest.fixture
def new_store(tmp_path):
    from db.store import Store
    store = Store.open(tmp_path / "test.alis", create=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """A demo municipality written once per test session; copy it before changing it."""
    from alis_desktop.cli import write_demo
    path = tmp_path_factory.mktemp("demo") / "demo.alis"
    write_demo(path, doctors=12, seed=1, today=TODAY)
    return path


@pytest.fixture
def demo_copy(demo_file, tmp_path) -> Path:
    import shutil
    target = tmp_path / "demo.alis"
    shutil.copy(demo_file, target)
    return target


def run_cli(*args, check=True, timeout=120, env=None) -> subprocess.CompletedProcess:
    """`python -m alis_desktop ...` in a subprocess, as a user would run it."""
    full_env = dict(os.environ, **(env or {}))
    proc = subprocess.run([sys.executable, "-m", "alis_desktop", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout, env=full_env)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:{proc.stdout}\nstderr:{proc.stderr}")
    return proc


# --- a throwaway PostgreSQL server (issue 20; tests/pg_server.py) ---------------------------
@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server; the server tests are skipped, with the reason, where
    none can start."""
    from tests.pg_server import start
    server = start()
    if isinstance(server, str):
        pytest.skip(f"no PostgreSQL server: {server}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A connection URL to an empty schema of this test's own on the session's server."""
    return pg_server.url(schema=pg_server.fresh_schema())


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """One open, empty store on each backend: a file, and a server schema."""
    from db.store import Store
    target = (str(tmp_path / "test.alis") if request.param == "sqlite"
              else request.getfixturevalue("pg_url"))
    opened = Store.open(target, create=True)
    yield opened
    opened.close()
