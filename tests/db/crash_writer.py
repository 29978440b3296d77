"""The victims of the kill test (tests/db/test_crash_safety.py).

Run as `python -m tests.db.crash_writer FILE`, this is a small fork server: it imports the
program once, then for each line `go SEED` on stdin forks a writer, prints `pid N`, waits
for the writer to die and prints `reaped STATUS`. Forking keeps each kill round to
milliseconds instead of a fresh interpreter's second of imports.

A writer opens the file for writing (taking over the stale lock its killed predecessor left),
prints `ready`, then writes transactions until killed, printing each doctor id after its
transaction has committed. Each transaction adds one doctor with PLACEMENTS placements (notes
of random length, so B-tree pages split mid-transaction) and sets the municipality's
supervision_rate to the new doctor's id: a torn transaction would show as a doctor without
all its placements, or a counter that disagrees with the doctors."""

from __future__ import annotations

import os
import random
import sys
import traceback
from datetime import date

import sqlite_utils  # noqa: F401 - the store imports it on the first write; do it before forking

from alis_desktop import models as m
from db.store import Store

PLACEMENTS = 4


def say(what) -> None:
    """One line in one write: print() writes the text and the newline apart when output is
    unbuffered (PYTHONUNBUFFERED), and a kill between the two glued '129' to the next line."""
    sys.stdout.write(f"{what}\n")
    sys.stdout.flush()


def write_until_killed(path: str, seed: int) -> None:
    rnd = random.Random(seed)
    store = Store.open(path, take_over=True)
    arena_id = store.all("arenas")[0].id
    say("ready")
    while True:
        with store.transaction():
            doctor = store.save(m.Doctor(name=f"Lege {rnd.random():.6f}",
                                         start_date=date(2024, 1, 1),
                                         notes="n" * rnd.randint(0, 6000)))
            for month in range(1, PLACEMENTS + 1):
                store.save(m.Placement(doctor_id=doctor.id, arena_id=arena_id,
                                       start_date=date(2024, month, 1),
                                       end_date=date(2024, month, 28),
                                       notes="p" * rnd.randint(0, 3000)))
            town = store.municipality()
            town.supervision_rate = float(doctor.id)
            store.save(town)
        say(doctor.id)


def serve(path: str) -> None:
    for line in sys.stdin:
        command, _, seed = line.strip().partition(" ")
        if command != "go":
            break
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(path, int(seed))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(3)  # a writer only ends by being killed; anything else is a failure
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"reaped {status}", flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
