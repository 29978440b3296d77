"""How the cost grows with the file: everyone's figures (the background job), start to the
Oversikt drawn with content, and a batch of attestations, on files of 100, 1,000 and
5,000 doctors (five years each), each beside its baseline measured in the same run.
With --chart OUT.png (python -m benchmarks --only growth --chart docs/performance-growth.png)
it also draws them."""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date

from benchmarks.common import LARGE_YEARS, Result, sized_file

SIZES = (100, 1000, 5000)
BATCH = 200  # attestations in a batch (fewer where the file has fewer to print)


def everyones_figures(path, repeats: int) -> tuple[float, float]:
    """Median seconds of the background job (load + evaluate, db.progress.figures_batches
    on its own read-only connection, as ui/figures.py runs it) and of the raw aggregate,
    each job followed by one aggregate."""
    import sqlite3

    from benchmarks.tables import AGGREGATE
    from db.progress import figures_batches
    from db.store import Store
    today = date.today()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    store = Store.open(path, read_only=True)
    try:
        def job():
            for _ in figures_batches(store, today):
                pass
        job()
        jobs, bases = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            job()
            t1 = time.perf_counter()
            conn.execute(AGGREGATE).fetchall()
            jobs.append(t1 - t0)
            bases.append(time.perf_counter() - t1)
        return statistics.median(jobs), statistics.median(bases)
    finally:
        store.close()
        conn.close()


def start_to_overview(path, repeats: int) -> tuple[float, float]:
    """Median seconds from start to the Oversikt painted with content, and of the bare
    window, started in turn."""
    from benchmarks.startup import BARE, first_paint
    program = [sys.executable, "-m", "alis_desktop", str(path)]
    bare = [sys.executable, str(BARE)]
    first_paint(program, "view")
    first_paint(bare)
    ours, bases = [], []
    for _ in range(repeats):
        ours.append(first_paint(program, "view"))
        bases.append(first_paint(bare))
    return statistics.median(ours), statistics.median(bases)


def attestation_batch(path, repeats: int) -> tuple[float, float, int]:
    """Median seconds per page of a batch of attestations (read together, laid out one
    by one) and of the bare page after each document, and the batch's size."""
    from benchmarks.pdfs import bare_document, pages, printable_doctors
    from db.store import Store
    from reports import attestation
    today = date.today()
    store = Store.open(path, read_only=True)
    try:
        ids = printable_doctors(store, today, BATCH)
        logo = store.municipality().logo_path
        total_pages = sum(pages(attestation.build_pdf(data, logo_path=logo))
                          for _, data in attestation.assemble_many(store, ids, as_of=today))
        batches, bares = [], []
        for _ in range(max(1, repeats // 3)):
            batch, bare_times = 0.0, []
            t0 = time.perf_counter()
            for _did, data in attestation.assemble_many(store, ids, as_of=today):
                attestation.build_pdf(data, logo_path=logo)
                t1 = time.perf_counter()
                batch += t1 - t0
                bare_document()
                t0 = time.perf_counter()
                bare_times.append(t0 - t1)
            batches.append(batch / total_pages)
            bares.append(statistics.median(bare_times))
        return statistics.median(batches), statistics.median(bares), len(ids)
    finally:
        store.close()


def run(repeats: int, chart=None) -> list[Result]:
    rows = {}
    for n in SIZES:
        path = sized_file(n)
        print(f"  {n} leger ...", file=sys.stderr, flush=True)
        rows[n] = (everyones_figures(path, repeats), start_to_overview(path, repeats),
                   attestation_batch(path, repeats))
    out = []
    for n, ((job, agg), (start, bare), (page, bare_page, batch)) in rows.items():
        out += [
            Result(f"Vekst, {n} leger: regelmotoren over alle (bakgrunnsjobben)", job, "s",
                   "rå SQL-aggregat over de samme radene", agg,
                   note=f"{job / n * 1000:.2f} ms per lege"),
            Result(f"Vekst, {n} leger: start til Oversikten tegnet med innhold", start, "s",
                   "tomt PySide6-vindu med én tabell", bare),
            Result(f"Vekst, {n} leger: bunke med {batch} attester, per side", page, "ms",
                   "tomt reportlab-dokument, 1 side med 20 raders tabell", bare_page),
        ]
    first, last = SIZES[0], SIZES[-1]
    per = {n: rows[n][0][0] / n for n in SIZES}
    out[-3].note += (f"; per lege {per[last] / per[SIZES[1]]:.2f} ganger det ved "
                     f"{SIZES[1]} og {per[last] / per[first]:.2f} ganger det ved {first}")
    if chart:
        draw(rows, chart)
        out[-1].note = f"diagram: {chart}"
    return out


def draw(rows: dict, out) -> None:
    """Three panels: each figure and its baseline against the number of doctors (log
    scale). Everyone's figures log-log, beside a line through the middle size proportional
    to the doctors (linear growth); start and the page from zero (they should not grow)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter, ScalarFormatter
    sizes = list(rows)
    panels = [
        ("Regelmotoren over alle (s)", [rows[n][0][0] for n in sizes],
         "rå SQL-aggregat", [rows[n][0][1] for n in sizes]),
        ("Start til Oversikten med innhold (s)", [rows[n][1][0] for n in sizes],
         "tomt PySide6-vindu", [rows[n][1][1] for n in sizes]),
        ("Bunke med attester, per side (ms)", [rows[n][2][0] * 1000 for n in sizes],
         "tomt reportlab-dokument", [rows[n][2][1] * 1000 for n in sizes]),
    ]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2), dpi=100)
    for ax, (title, ours, base_name, base) in zip(axes, panels):
        ax.plot(sizes, ours, "o-", color="#1f3b5e", label="ALIS Desktop")
        ax.plot(sizes, base, "s--", color="#8a8a8a", label=base_name)
        if ax is axes[0]:  # the figures of everyone: linear growth is the aim
            middle = sizes[len(sizes) // 2]
            ref = ours[len(sizes) // 2]
            ax.plot(sizes, [ref * n / middle for n in sizes], ":", color="#c05a1f",
                    label="proporsjonalt med antall leger")
        ax.set_xscale("log")
        if ax is axes[0]:
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(ScalarFormatter())
            ax.yaxis.set_minor_formatter(NullFormatter())
        else:
            ax.set_ylim(bottom=0)
        ax.set_xticks(sizes, [f"{n:,}".replace(",", " ") for n in sizes])
        ax.set_xlabel(f"leger i filen ({LARGE_YEARS} år hver)")
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="center right" if ax is axes[2] else "upper left")
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
