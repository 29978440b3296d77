"""A demo municipality written to a new file: for trying the program (Fil -> Ny fil, --demo)
and for tests and benchmarks (`python -m alis_desktop demo`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alis_desktop.demo import generate
from db.exchange import write_records
from db.new_file import replacing_store


def write_demo(path: Path, doctors: int = 12, seed: int = 1, today: date | None = None,
               years: float | None = None, *, take_over: bool = False) -> dict[str, int]:
    """Generate, validate and write the demo in one transaction, whole or not at all: a file
    already there is replaced only when no other copy of the program holds it
    (db/new_file.py). The counts per kind."""
    records = generate(doctors=doctors, seed=seed, today=today, years=years)
    for items in records.values():
        for record in items:
            record.validate()
    with replacing_store(Path(path), take_over=take_over) as store:
        write_records(store, records)
    return {k: len(v) for k, v in records.items()}
