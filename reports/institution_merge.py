"""One waiting list from many municipalities, for the health trust's coordinator.

    python -m alis_desktop report institution-queue A.alis B.alis C.alis --out LISTE.pdf
        [--model NAVN] [--sheets X.xlsx Y.xlsx] [--to DATO]

ranks the candidates of every file (and of every municipality's exported sheet, read by
reports/institution_sheets.py) together by one priority model: `--model`, else the model of
the first input. Each candidate keeps her municipality's name and shortage flag, which
decide where the model says. A municipality's own override of a place concerns its own
list only, so in the merged list it is noted, not applied. The result is written like the
single list (PDF and .xlsx side by side), with the empty «Tildelt ...» columns the
coordinator fills in for reports/institution_allocation.py.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from alis_desktop import priority_models as pm
from alis_desktop.errors import FileProblem, ValidationError
from alis_desktop.institution import RankedEntry, rank
from alis_desktop.models import Municipality
from reports import institution_queue as q


@dataclass
class Source:
    """What one input contributes."""

    name: str
    municipalities: list          # [(name, short of specialists)]
    candidates: list
    model_name: str = ""
    stored_models: list = field(default_factory=list)  # the leader's own, from a file


def from_store(store, as_of: date, name: str = "") -> Source:
    municipality = store.municipality()
    entries = q.load(store, as_of)
    return Source(name or municipality.name,
                  [(municipality.name, municipality.short_of_specialists)],
                  [e.candidate for e in entries], pm.chosen_model(municipality).name,
                  list(municipality.institution_models or []))


def from_sheet(sheet) -> Source:
    return Source(sheet.path, sheet.municipalities, sheet.candidates, sheet.model_name)


def resolve_model(sources: list[Source], name: str | None) -> pm.PriorityModel:
    """--model NAME, else the first input's model; leaders' own models of every file are
    known by name."""
    stored = [m for s in sources for m in s.stored_models]
    wanted = name or (sources[0].model_name if sources else "")
    if not wanted:
        return pm.default_model()
    try:
        return pm.model_named(wanted, stored)
    except ValidationError as exc:
        raise FileProblem(exc.message + " Oppgi modellen med --model.") from None


def merge(sources: list[Source], model: pm.PriorityModel) -> list[RankedEntry]:
    """Every candidate ranked together; municipalities' overrides noted, not applied."""
    notes: dict[int, str] = {}
    candidates = []
    seen: dict[tuple, str] = {}
    for source in sources:
        for c in source.candidates:
            r = c.request
            key = (c.municipality.casefold(), r.id, c.doctor.name.casefold())
            if r.id is not None and key in seen and seen[key] != source.name:
                raise FileProblem(f"{c.municipality} er med to ganger ({seen[key]} og "
                                  f"{source.name}); ta med hver kommune én gang.")
            seen[key] = source.name
            if r.priority_override is not None:
                c = dataclasses.replace(c, request=dataclasses.replace(
                    r, priority_override=None, override_note=""))
                notes[id(c)] = (f" {c.municipality} har selv satt legen på plass "
                                f"{r.priority_override} i sin liste ({r.override_note}); det "
                                "gjelder kommunens egen liste.")
            candidates.append(c)
    out = []
    for e in rank(candidates, model):
        note = notes.get(id(e.candidate))
        out.append(dataclasses.replace(e, reason=e.reason + note) if note else e)
    return out


def municipalities_of(sources: list[Source]) -> list[tuple[str, bool]]:
    seen: dict[str, bool] = {}
    for s in sources:
        for name, short in s.municipalities:
            seen.setdefault(name, short)
    return list(seen.items())


def load_sources(files, sheets, as_of: date, open_store) -> list[Source]:
    """Files (.alis, opened read-only through `open_store`) and sheets (.xlsx), in order."""
    from reports.institution_sheets import read_sheets
    sources = []
    for path in files:
        if str(path).lower().endswith(".xlsx"):
            sources.append(from_sheet(read_sheets([path])[0]))
            continue
        store = open_store(path)
        try:
            sources.append(from_store(store, as_of))
        finally:
            store.close()
    sources += [from_sheet(s) for s in read_sheets(sheets)]
    return sources


def write_merged(sources: list[Source], model: pm.PriorityModel, as_of: date,
                 out: Path) -> tuple[Path, Path]:
    names = municipalities_of(sources)
    heading = Municipality(name=f"Samlet liste fra {len(names)} kommuner")
    return q.write(merge(sources, model), heading, as_of, Path(out), model,
                   merged_from=names)


def run_cli_files(args, open_store) -> Path:
    files = [f for f in [args.file, *(getattr(args, "more_files", None) or [])] if f]
    sheets = getattr(args, "sheets", None) or []
    as_of = getattr(args, "to_date", None) or date.today()
    sources = load_sources(files, sheets, as_of, open_store)
    if not sources:
        raise FileProblem("Oppgi minst én fil eller ett regneark (--sheets).")
    model = resolve_model(sources, getattr(args, "model", None))
    if len(sources) == 1 and files and not sheets and not str(files[0]).endswith(".xlsx"):
        # One municipality's own list, by another model: its usual heading.
        store = open_store(files[0])
        try:
            municipality = store.municipality()
        finally:
            store.close()
        pdf_path, xlsx_path = q.write(rank(sources[0].candidates, model), municipality, as_of,
                                      Path(args.out), model)
    else:
        pdf_path, xlsx_path = write_merged(sources, model, as_of, Path(args.out))
    return xlsx_path if Path(args.out).suffix.lower() == ".xlsx" else pdf_path

