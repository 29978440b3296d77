"""The query planner's statistics: written when a writable file is closed after changes
(or has none yet), so month and year sums of supervision search the per-doctor index
instead of scanning it; never written by a reader or by a session that changed nothing."""

from __future__ import annotations

import sqlite3
from datetime import date

from alis_desktop.cli import write_demo
from db.store import Store

MONTH_SUM = """SELECT doctor_id, sum(hours) FROM supervision_sessions
               WHERE planned = 0 AND date BETWEEN ? AND ? GROUP BY doctor_id"""


def statistics(path) -> list:
    with sqlite3.connect(path) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return []
        return conn.execute("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY 1, 2").fetchall()


def plan(path, sql, params) -> str:
    with sqlite3.connect(path) as conn:
        return " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_a_written_file_gets_statistics_and_month_sums_search_the_index(tmp_path):
    path = tmp_path / "kommune.alis"
    write_demo(path, doctors=40, seed=3, today=date(2026, 11, 26))
    tables = {tbl for tbl, _idx, _stat in statistics(path)}
    assert {"supervision_sessions", "placements", "goal_statuses", "doctors"} <= tables
    assert plan(path, MONTH_SUM, ["2026-10-01", "2026-10-31"]).startswith(
        "SEARCH supervision_sessions USING INDEX")


def test_statistics_follow_the_data(demo_copy):
    def sessions_counted():
        return {idx: int(stat.split()[0]) for tbl, idx, stat in statistics(demo_copy)
                if tbl == "supervision_sessions"}

    before = sessions_counted()
    store = Store.open(demo_copy)
    with store.transaction():
        store.conn.execute("DELETE FROM supervision_sessions WHERE id % 2 = 0")
    store.close()
    after = sessions_counted()
    assert before and after and all(after[i] < before[i] for i in before)


def test_a_session_without_changes_and_a_reader_leave_the_file_as_it_was(demo_copy):
    original = demo_copy.read_bytes()
    Store.open(demo_copy).close()
    Store.open(demo_copy, read_only=True).close()
    assert demo_copy.read_bytes() == original


def test_a_reader_never_writes_statistics(tmp_path):
    path = tmp_path / "ny.alis"
    Store.open(path, create=True).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE sqlite_stat1")
    original = path.read_bytes()
    Store.open(path, read_only=True).close()
    assert path.read_bytes() == original and statistics(path) == []
