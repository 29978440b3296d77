"""Crash safety: a writer killed with SIGKILL at random points never leaves a damaged file,
never loses a committed transaction and never leaves half of one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alis_desktop import models as m
from db.store import Store
from tests.conftest import ROOT
from tests.db.crash_writer import PLACEMENTS

KILLS = 50

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX")


def check_file(path: Path, confirmed: set[int]) -> dict:
    """Open as the program would (rolling back a hot journal, taking over the stale lock)
    and check the file holds exactly the committed transactions."""
    store = Store.open(path, take_over=True)
    try:
        assert store.integrity() == "ok"
        assert store.foreign_key_problems() == 0
        ids = {d.id for d in store.all("doctors")}
        assert confirmed <= ids, f"committed doctors lost: {sorted(confirmed - ids)}"
        unconfirmed = ids - confirmed
        # Killed after COMMIT but before printing: at most the one transaction in flight.
        assert unconfirmed <= {max(confirmed, default=0) + 1}, sorted(unconfirmed)
        per_doctor = dict(store.conn.execute(
            "SELECT doctor_id, count(*) FROM placements GROUP BY doctor_id"))
        torn = [d for d in ids if per_doctor.get(d) != PLACEMENTS]
        assert not torn, f"doctors without all their placements: {torn}"
        assert store.municipality().supervision_rate == float(max(ids, default=0))
        rows = sum(store.count(k) for k in ("doctors", "placements", "audit_log"))
    finally:
        store.close()
    return {"ids": ids, "rows": rows}


def run_kill_rounds(path: Path, kills: int, seed: int) -> dict:
    rnd = random.Random(seed)
    server = subprocess.Popen([sys.executable, "-m", "tests.db.crash_writer", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=ROOT, bufsize=1)
    confirmed: set[int] = set()
    figures = {"kills": 0, "hot_journals": 0, "before_ready": 0, "rows_checked": 0,
               "transactions": 0}
    try:
        for round_no in range(kills):
            server.stdin.write(f"go {rnd.randrange(1 << 30)}\n")
            server.stdin.flush()
            pid, ready, seen = None, False, []
            wait_for_ready = round_no % 3 != 2  # every third may die while opening
            while pid is None or (wait_for_ready and not ready):
                line = server.stdout.readline().strip()
                assert line, "the fork server stopped"
                if line.startswith("pid "):
                    pid = int(line.split()[1])
                elif line == "ready":
                    ready = True
                else:
                    seen.append(int(line))
            time.sleep(rnd.uniform(0, 0.12))
            os.kill(pid, signal.SIGKILL)
            while True:
                line = server.stdout.readline().strip()
                if line.startswith("reaped"):
                    status = int(line.split()[1])
                    break
                if line == "ready":
                    ready = True
                elif line:
                    seen.append(int(line))
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, \
                f"the writer ended by itself (status {status}); see stderr"
            figures["kills"] += 1
            figures["before_ready"] += not ready
            figures["hot_journals"] += path.with_name(path.name + "-journal").exists()
            confirmed |= set(seen)
            result = check_file(path, confirmed)
            confirmed = result["ids"]  # a commit that was not yet printed is durable now
            figures["rows_checked"] += result["rows"]
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    figures["transactions"] = len(confirmed)
    return figures


def test_sigkill_at_random_points_keeps_exactly_the_committed_data(tmp_path):
    path = tmp_path / "kill.alis"
    store = Store.open(path, create=True)
    store.save(m.Arena(name="Legesenteret"))
    store.close()
    figures = run_kill_rounds(path, KILLS, seed=20261126)
    print(f"\nkill test: {figures}")
    assert figures["kills"] == KILLS
    assert figures["transactions"] >= KILLS // 5  # the writers got work done between kills
    assert figures["hot_journals"] > 0  # some kills landed inside a transaction
