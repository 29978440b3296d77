"""(b) Oversikt and Leger refreshed on the large file against the raw SQL aggregate over
the same rows, the rules engine over every doctor (the background job that fills their
progress columns), and (d) opening the large file and the backup a migration takes first."""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import time

from benchmarks.common import WORK, Result, large_file, median_time

# One aggregate over the rows the two views summarise: service periods, supervision,
# goal statuses and activities, per doctor.
AGGREGATE = """
SELECT doctor_id, count(*), total(x) FROM (
    SELECT doctor_id, julianday(end_date) - julianday(start_date) AS x FROM placements
    UNION ALL SELECT doctor_id, hours FROM supervision_sessions
    UNION ALL SELECT doctor_id, state = 'approved' FROM goal_statuses
    UNION ALL SELECT doctor_id, coalesce(hours, 0) FROM activities
) GROUP BY doctor_id"""
ROWS = """SELECT (SELECT count(*) FROM placements) + (SELECT count(*) FROM supervision_sessions)
          + (SELECT count(*) FROM goal_statuses) + (SELECT count(*) FROM activities)"""


def raw_aggregate(path, repeats: int) -> tuple[float, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(ROWS).fetchone()[0]
        return median_time(lambda: conn.execute(AGGREGATE).fetchall(), repeats), rows
    finally:
        conn.close()


def run(repeats: int) -> list[Result]:
    from db.store import Store
    from ui import settings
    from ui.app import make_app
    from ui.data import DataContext
    from ui.doctors.view import DoctorsView
    from ui.overview.view import OverviewView

    path = large_file()
    baseline, rows = raw_aggregate(path, repeats)
    base_name = f"rå SQL-aggregat over de samme {rows:,} radene".replace(",", " ")
    make_app()
    settings.use_folder(WORK / "settings")
    store = Store.open(path, read_only=True)
    context = DataContext(store)
    results = []
    try:
        overview = OverviewView(context)
        overview.resize(1400, 860)
        overview.show()
        t0 = time.perf_counter()
        overview.wait_for_progress()
        first_fill = time.perf_counter() - t0

        def refresh_and_paint(view):
            view.refresh()
            view.repaint()

        results.append(Result(
            "Oversikt oppdatert og tegnet, stor fil", median_time(
                lambda: refresh_and_paint(overview), repeats), "ms", base_name, baseline,
            max_ratio=2))
        overview.hide()
        doctors = DoctorsView(context)
        doctors.resize(1400, 860)
        doctors.show()
        doctors.wait_for_progress()
        results.append(Result(
            "Leger (tabellen) oppdatert og tegnet, stor fil", median_time(
                lambda: refresh_and_paint(doctors), repeats), "ms", base_name, baseline,
            max_ratio=2))

        figures = overview.figures
        jobs = []
        for _ in range(max(1, min(repeats, 3))):
            figures.invalidate()
            t0 = time.perf_counter()
            figures.wait()
            jobs.append(time.perf_counter() - t0)
        everyone = statistics.median(jobs)
        results.append(Result(
            "Regelmotoren over alle 1000 leger (bakgrunnsjobb: lasting + evaluering)",
            everyone, "s", base_name, baseline, max_ratio=5,
            note=f"fyller fremdriftskolonnene og varslene etter at visningen er tegnet; "
                 f"{everyone:.2f} s er {everyone:.3f} ms per lege i snitt; første gang "
                 f"etter åpning {first_fill:.2f} s"))
        doctors.close()
        overview.close()
    finally:
        from ui import background
        background.stop_all()
        store.close()
    results += edit_one_doctor(path, repeats, everyone)
    results += open_and_migrate(path, repeats)
    return results


def edit_one_doctor(path, repeats: int, everyone: float) -> list[Result]:
    """An edit of one doctor's service period on the large file, until everyone's figures
    match the file again (only that doctor is recomputed), against the rules engine over
    every doctor (what each edit cost before)."""
    from db.store import Store
    from ui.data import DataContext
    from ui.figures import EveryonesFigures

    copy = WORK / "edit-probe.alis"
    shutil.copyfile(path, copy)
    store = Store.open(copy)
    context = DataContext(store)
    try:
        figures = EveryonesFigures.of(context)
        figures.wait()
        doctor = store.all("doctors", order_by="id")[len(store.all("doctors")) // 2]
        placement = store.for_doctor("placements", doctor.id)[0]

        def edit():
            placement.position_pct = 80.0 if placement.position_pct == 100.0 else 100.0
            context.save(placement)
            figures.wait()

        return [Result("Én lege endret (tjenesteperiode lagret), fremdrift og varsler "
                       "oppdatert, stor fil", median_time(edit, repeats), "ms",
                       "regelmotoren over alle 1000 leger (bakgrunnsjobben)", everyone,
                       note="bare legen som ble endret regnes på nytt")]
    finally:
        store.close()
        copy.unlink(missing_ok=True)


def open_and_migrate(path, repeats: int) -> list[Result]:
    """(d) Opening the large file the program's way (version read read-only first,
    migration steps, the writer's settings) against a bare sqlite3 open, and the backup
    copy a migration makes first against copying the file."""
    from db.connection import backup_copy
    from db.store import Store

    def program_open():
        Store.open(path).close()

    def bare_open():
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    copy = WORK / "backup-probe.alis"

    def backup():
        copy.unlink(missing_ok=True)
        backup_copy(path, copy)

    def plain_copy():
        shutil.copyfile(path, copy)

    size_mb = path.stat().st_size / 1e6
    out = [
        Result("Åpne stor fil (versjonssjekk, migrering, innstillinger)",
               median_time(program_open, repeats), "ms", "sqlite3.connect + én spørring",
               median_time(bare_open, repeats)),
        Result(f"Sikkerhetskopi før migrering, stor fil ({size_mb:.0f} MB, backup-API)",
               median_time(backup, repeats), "ms", "kopiere filen (shutil.copyfile)",
               median_time(plain_copy, repeats)),
    ]
    copy.unlink(missing_ok=True)
    return out
