"""(c) One attestation PDF and a batch of 200, against a bare one-page reportlab document
with a 20-row table; compared per page. Each is timed in turn with its baseline
(common.paired_medians). A second baseline, the same bare document in the embedded
DejaVu font every document of ours carries, shows what the font alone costs."""

from __future__ import annotations

import io
import statistics
import time
from datetime import date

from benchmarks.common import Result, demo_file, large_file, paired_medians

BARE = "tomt reportlab-dokument, 1 side med 20 raders tabell"
BARE_FONT = "det samme i innebygd DejaVu-skrift (som våre dokumenter)"


def bare_document(font: str | None = None) -> bytes:
    """The issue's baseline: one page, a 20-row table, reportlab's defaults (Helvetica,
    not embedded); with `font`, the same table in that (embedded) font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table
    out = io.BytesIO()
    rows = [["Kolonne A", "Kolonne B", "Kolonne C", "Kolonne D"]]
    rows += [[f"Rad {i}", f"{i * 3.5:.1f}", "01.01.2026", "tekst"] for i in range(1, 20)]
    table = Table(rows)
    if font:
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), font)])
    SimpleDocTemplate(out, pagesize=A4).build([table])
    return out.getvalue()


def bare_in_our_font() -> bytes:
    from reports import pdf
    pdf.register_fonts()
    return bare_document(pdf.FONT)


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
    assert pages(bare_document()) == 1 and pages(bare_in_our_font()) == 1
    today = date.today()
    results = []
    store = Store.open(demo_file(), read_only=True)
    try:
        [doctor_id] = printable_doctors(store, today, 1)
        n = pages(attestation_pdf(store, doctor_id, today))
        # A document takes milliseconds: many pairs give a steady median.
        one, bare = paired_medians(lambda: attestation_pdf(store, doctor_id, today),
                                   bare_document, repeats * 10)
        one_f, bare_f = paired_medians(lambda: attestation_pdf(store, doctor_id, today),
                                       bare_in_our_font, repeats * 10)
        name = f"Én attest (PDF, {n} sider, demofil), per side"
        results.append(Result(name, one / n, "ms", BARE, bare, max_ratio=3,
                              note=f"hele attesten {one * 1000:.1f} ms"))
        results.append(Result(name, one_f / n, "ms", BARE_FONT, bare_f,
                              note="skriften alene koster det tomme dokumentet "
                                   f"{(bare_f - bare) * 1000:.1f} ms"))
    finally:
        store.close()
    store = Store.open(large_file(), read_only=True)
    try:
        ids = printable_doctors(store, today, 200)
        total_pages = sum(pages(attestation_pdf(store, did, today)) for did in ids)
        batches, bares = [], []
        logo = store.municipality().logo_path
        from reports import attestation
        for _ in range(max(1, repeats // 3)):
            # The batch through attestation.assemble_many (registers read once); each
            # document is followed by one bare document, as in paired_medians.
            batch, bare_times = 0.0, []
            t0 = time.perf_counter()
            for _did, data in attestation.assemble_many(store, ids, as_of=today):
                attestation.build_pdf(data, logo_path=logo)
                t1 = time.perf_counter()
                batch += t1 - t0
                bare_document()
                t0 = time.perf_counter()
                bare_times.append(t0 - t1)
            batches.append(batch)
            bares.append(statistics.median(bare_times))
        batch, bare = statistics.median(batches), statistics.median(bares)
        t0 = time.perf_counter()
        for _ in attestation.assemble_many(store, ids, as_of=today):
            pass
        reading = time.perf_counter() - t0
        results.append(Result(
            f"Bunke med {len(ids)} attester ({total_pages} sider, stor fil), per side",
            batch / total_pages, "ms", BARE, bare, max_ratio=3,
            note=f"hele bunken {batch:.2f} s, av det {reading:.2f} s "
                 f"({reading / total_pages * 1000:.1f} ms per side) til å lese legenes "
                 "poster (fem års tjeneste hver; registrene én gang for bunken) og sette "
                 "sammen innholdet"))
    finally:
        store.close()
    return results
