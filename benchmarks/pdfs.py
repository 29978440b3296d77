"""(c) One attestation PDF and a batch of 200, against a bare one-page reportlab document
with a 20-row table; compared per page."""

from __future__ import annotations

import io
import time
from datetime import date

from benchmarks.common import Result, demo_file, large_file, median_time


def bare_document() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table
    out = io.BytesIO()
    rows = [["Kolonne A", "Kolonne B", "Kolonne C", "Kolonne D"]]
    rows += [[f"Rad {i}", f"{i * 3.5:.1f}", "01.01.2026", "tekst"] for i in range(1, 20)]
    SimpleDocTemplate(out, pagesize=A4).build([Table(rows)])
    return out.getvalue()


def pages(data: bytes) -> int:
    from pypdf import PdfReader
    return len(PdfReader(io.BytesIO(data)).pages)


def attestation_pdf(store, doctor_id: int, as_of: date) -> bytes:
    """What Rapporter does for an attestation draft: assemble from the file, lay out."""
    from reports import attestation
    data = attestation.assemble_from_store(store, doctor_id, as_of=as_of)
    return attestation.build_pdf(data, logo_path=store.municipality().logo_path)


def printable_doctors(store, as_of: date, wanted: int) -> list[int]:
    """Doctors whose attestation is complete enough to print (a draft needs service)."""
    from alis_desktop.errors import ValidationError
    found = []
    for d in store.all("doctors", order_by="id"):
        try:
            attestation_pdf(store, d.id, as_of)
        except ValidationError:
            continue
        found.append(d.id)
        if len(found) == wanted:
            break
    return found


def run(repeats: int) -> list[Result]:
    from db.store import Store
    bare = median_time(bare_document, repeats * 3)
    assert pages(bare_document()) == 1
    today = date.today()
    results = []
    store = Store.open(demo_file(), read_only=True)
    try:
        [doctor_id] = printable_doctors(store, today, 1)
        n = pages(attestation_pdf(store, doctor_id, today))
        one = median_time(lambda: attestation_pdf(store, doctor_id, today), repeats)
        results.append(Result(f"Én attest (PDF, {n} sider, demofil), per side", one / n, "ms",
                              "tomt reportlab-dokument, 1 side med 20 raders tabell", bare,
                              max_ratio=3, note=f"hele attesten {one * 1000:.1f} ms"))
    finally:
        store.close()
    store = Store.open(large_file(), read_only=True)
    try:
        ids = printable_doctors(store, today, 200)
        total_pages = sum(pages(attestation_pdf(store, did, today)) for did in ids)
        times = []
        for _ in range(max(1, repeats // 3)):
            t0 = time.perf_counter()
            for did in ids:
                attestation_pdf(store, did, today)
            times.append(time.perf_counter() - t0)
        batch = min(times) if len(times) < 3 else sorted(times)[len(times) // 2]
        from reports import attestation
        t0 = time.perf_counter()
        for did in ids:
            attestation.assemble_from_store(store, did, as_of=today)
        reading = time.perf_counter() - t0
        results.append(Result(
            f"Bunke med {len(ids)} attester ({total_pages} sider, stor fil), per side",
            batch / total_pages, "ms", "tomt reportlab-dokument, 1 side med 20 raders tabell",
            bare, max_ratio=3, note=f"hele bunken {batch:.2f} s, av det {reading:.2f} s til å "
                                    "lese legenes poster og sette sammen innholdet"))
    finally:
        store.close()
    return results
