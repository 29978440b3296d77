"""The handover pack as one action: a verified copy of the file (backup API, integrity check,
SHA-256) and a PDF that names that copy, side by side in one folder. No Qt here: the view
calls it, and so can a test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db.verified_copy import VerifiedCopy, verified_copy
from reports import handover


@dataclass(frozen=True)
class HandoverPack:
    pdf: Path
    copy: VerifiedCopy


def write_handover_pack(store, folder: Path, as_of: date) -> HandoverPack:
    """Copy and check the file first, then write the PDF that names the copy's checksum."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = store.path.stem if store.path else "alis"
    stamp = as_of.strftime("%Y-%m-%d")
    copy_path = folder / f"{stem}-overlevering-{stamp}.alis"
    n = 2
    while copy_path.exists():  # a second pack the same day gets its own name
        copy_path = folder / f"{stem}-overlevering-{stamp}-{n}.alis"
        n += 1
    copy = verified_copy(store.conn, copy_path)
    pdf_path = copy_path.with_suffix(".pdf")
    pdf_path.write_bytes(handover.build_for(store, as_of, copy))
    return HandoverPack(pdf_path, copy)
