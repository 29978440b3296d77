"""The documents the Rapporter view prints: their names, whether they are per doctor, and
one function that builds any of them from a store (used on the GUI thread for previews and
single prints, and on the batch worker's own read-only connection). No Qt here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reports import attestation, cohort, coverage_matrix, individual_plan, municipal_plan


@dataclass(frozen=True)
class DocumentKind:
    key: str            # the CLI name: python -m alis_desktop report KEY ...
    label: str
    per_doctor: bool
    writes: bool        # issuing registers it in the file (never in a batch)
    uses_period: bool   # a from-to period (else a single "as of" date)


KINDS = (
    DocumentKind("plan", "Individuell utdanningsplan / fremdriftsplan", True, False, False),
    DocumentKind("attestation", "Bekreftelse på gjennomført tjeneste (attest)", True, True, True),
    DocumentKind("municipal-plan", "Kommunens utdanningsplan (§ 23 d)", False, False, False),
    DocumentKind("cohort", "Kohortrapport", False, False, False),
    DocumentKind("coverage", "Dekningsmatrise: læringsmål × læringsarenaer", False, False, False),
)
KIND_BY_KEY = {k.key: k for k in KINDS}


def build_document(store, key: str, *, doctor_id: int | None, as_of: date,
                   period_start: date | None = None, period_end: date | None = None) -> bytes:
    """PDF bytes of a read-only document, or the unissued draft of an attestation (the
    preview: it carries no number and is not registered)."""
    if key == "plan":
        return individual_plan.build_for(store, doctor_id, as_of)
    if key == "municipal-plan":
        return municipal_plan.build_for(store, as_of)
    if key == "cohort":
        return cohort.build_for(store, as_of)
    if key == "coverage":
        return coverage_matrix.build_for(store, as_of)
    if key == "attestation":
        data = attestation.assemble_from_store(store, doctor_id, as_of=as_of,
                                               period_start=period_start,
                                               period_end=period_end)
        return attestation.build_pdf(data, logo_path=store.municipality().logo_path)
    raise KeyError(key)


def suggested_name(key: str, doctor_name: str = "", as_of: date | None = None,
                   number: str = "") -> str:
    """A file name people recognise: 'Utdanningsplan Kari Nordmann 2026-11-26.pdf'."""
    stem = {"plan": "Utdanningsplan", "attestation": "Attest", "municipal-plan":
            "Kommunens utdanningsplan", "cohort": "Kohortrapport",
            "coverage": "Dekningsmatrise"}[key]
    parts = [stem, number, doctor_name, as_of.isoformat() if as_of else ""]
    name = " ".join(p for p in parts if p)
    return re.sub(r'[\\/:*?"<>|]+', "-", name) + ".pdf"
