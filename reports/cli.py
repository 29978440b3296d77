"""`python -m alis_desktop report KIND FILE ... --out PDF`: the same code paths as the window.

Each document module exposes `run_cli(store, args) -> Path` and is imported only when asked
for, so adding a document is one line here."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

DOCUMENTS = {
    "attestation": "reports.attestation",
    "plan": "reports.individual_plan",
    "municipal-plan": "reports.municipal_plan",
    "cohort": "reports.cohort",
    "minutes": "reports.minutes",
    "supervision": "reports.supervision_statement",
    "institution-queue": "reports.institution_queue",
    "coverage": "reports.coverage_matrix",
}


def make_report(args) -> int:
    from db.store import Store
    module_name = DOCUMENTS.get(args.kind)
    if module_name is None:
        print(f"Feil: ukjent dokument «{args.kind}». Velg blant: {', '.join(DOCUMENTS)}.",
              file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        print(f"Feil: dokumentet «{args.kind}» finnes ikke i denne versjonen.", file=sys.stderr)
        return 2
    store = Store.open(args.file, read_only=not getattr(module, "WRITES", False))
    try:
        out = module.run_cli(store, args)
    finally:
        store.close()
    print(f"Skrev {Path(out)}")
    return 0
