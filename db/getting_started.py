"""The counts behind Kom i gang (alis_desktop/getting_started.py): a handful of count
queries, cheap enough to run on every change."""

from __future__ import annotations

from alis_desktop.getting_started import SetupCounts
from db.store import Store

_DOCTORS_WITH = """SELECT count(DISTINCT x.doctor_id) FROM [{table}] x
                   JOIN doctors d ON d.id = x.doctor_id WHERE d.archived = 0"""


def setup_counts(store: Store) -> SetupCounts:
    """Archived doctors, arenas and supervisors do not count: they are history."""
    def one(sql: str) -> int:
        return store.conn.execute(sql).fetchone()[0]
    return SetupCounts(
        arenas=one("SELECT count(*) FROM arenas WHERE archived = 0"),
        supervisors=one("SELECT count(*) FROM supervisors WHERE archived = 0"),
        doctors=one("SELECT count(*) FROM doctors WHERE archived = 0"),
        doctors_with_placements=one(_DOCTORS_WITH.format(table="placements")),
        doctors_with_supervisor=one(_DOCTORS_WITH.format(table="supervisor_assignments")),
        doctors_with_meetings=one(_DOCTORS_WITH.format(table="meetings")),
    )


# Step key -> the table whose first record for a doctor ticks the step off.
_STEP_TABLES = {"placements": "placements", "assignments": "supervisor_assignments",
                "meetings": "meetings"}


def first_doctor_without(store: Store, step: str) -> int | None:
    """The first doctor (by name) with no record of that step: where its button leads."""
    table = _STEP_TABLES[step]
    row = store.conn.execute(
        f"""SELECT d.id FROM doctors d WHERE d.archived = 0 AND NOT EXISTS
            (SELECT 1 FROM [{table}] x WHERE x.doctor_id = d.id)
            ORDER BY d.name, d.id LIMIT 1""").fetchone()
    return row[0] if row else None
