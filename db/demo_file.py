"""A demo municipality written to a new file: for trying the program (Fil -> Ny fil, --demo)
and for tests and benchmarks (`python -m alis_desktop demo`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alis_desktop.demo import generate
from db.exchange import write_records
from db.store import Store


def write_demo(path: Path, doctors: int = 12, seed: int = 1, today: date | None = None,
               years: float | None = None) -> dict[str, int]:
    """Generate, validate and write the demo in one transaction; the counts per kind."""
    records = generate(doctors=doctors, seed=seed, today=today, years=years)
    for items in records.values():
        for record in items:
            record.validate()
    store = Store.open(path, create=True)
    try:
        write_records(store, records)
    finally:
        store.close()
    return {k: len(v) for k, v in records.items()}
