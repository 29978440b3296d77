"""The large file's register on a PostgreSQL server over loopback (issue 20, docs/server.md):
opening, the overview and every doctor's figures, each beside the same on the file,
measured in turn. Needs PostgreSQL installed (the tests' throwaway server, tests/pg_server.py,
here also listening on 127.0.0.1)."""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path

from benchmarks.common import WORK, Result, large_file, paired_medians


def _own_copy(shared: Path) -> Path:
    """A copy brought to this program's schema: the day's large file is shared with the
    other parts, which may have been written by an older checkout."""
    copy = WORK / f"server-{shared.name}"
    shutil.copyfile(shared, copy)
    from db.store import Store
    Store.open(copy, backup_dir=WORK / "server-backups").close()
    return copy


def run(repeats: int) -> list[Result]:
    from db.exchange import export_data, import_data
    from db.progress import figures_batches, overview
    from db.store import Store
    from tests.pg_server import start

    path = _own_copy(large_file())
    server = start(tcp=True)
    if isinstance(server, str):
        print(f"  hopper over server: {server}")
        return []
    try:
        url = server.url()
        source = Store.open(path, read_only=True)
        data = export_data(source)
        source.close()
        t0 = time.perf_counter()
        target = Store.open(url, create=True)
        import_data(target, data)
        target.close()
        imported = time.perf_counter() - t0
        rows = sum(len(v) for v in data.values() if isinstance(v, list))
        today = date.today()
        file_store, server_store = Store.open(path, read_only=True), Store.open(url)
        results = []
        try:
            def reopen(target):
                return lambda: Store.open(target).close()
            on_server, on_file = paired_medians(reopen(url), reopen(path), repeats)
            results.append(Result("Åpne registeret, server over 127.0.0.1", on_server,
                                  "ms", "åpne den samme store filen", on_file,
                                  max_ratio=2))
            on_server, on_file = paired_medians(lambda: overview(server_store, today),
                                                lambda: overview(file_store, today), repeats)
            results.append(Result("Oversiktens tall (db.progress.overview), server",
                                  on_server, "ms", "det samme fra filen",
                                  on_file, max_ratio=2))

            def figures(store):
                return lambda: sum(len(b) for b in figures_batches(store, today))
            runs = max(1, min(repeats, 3))
            on_server, on_file = paired_medians(figures(server_store), figures(file_store),
                                                runs, warmup=0)
            results.append(Result("Alle 1000 legers tall (lasting + regler), server",
                                  on_server, "s", "det samme fra filen", on_file, max_ratio=2))
            one = server_store.conn.raw
            round_trip, _ = paired_medians(lambda: one.execute("SELECT 1").fetchone(),
                                           lambda: None, max(repeats, 50))
            results.append(Result("Én rundtur til serveren (SELECT 1, 127.0.0.1)",
                                  round_trip, "ms",
                                  note=f"import av {rows} poster til serveren: "
                                       f"{imported:.1f} s (engangs)"))
        finally:
            file_store.close()
            server_store.close()
        return results
    finally:
        server.stop()
