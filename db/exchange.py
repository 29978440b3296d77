"""The JSON format (docs/data-format.md): everything in a file, one list per kind.

Export -> import into a new file -> export gives identical JSON. Import is all-or-nothing:
every record is validated by the domain layer and its references checked before anything is
written; the first bad record is named with its kind, id and field. An arena may give its
goals as "coverage_text" in the plans' notation; import expands it into arena_coverage
records (export always writes the records).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alis_desktop import json_input, os_errors
from alis_desktop.errors import ValidationError, excerpt
from alis_desktop.goal_refs import read_goal_list
from alis_desktop.models import ArenaCoverage
from alis_desktop.records import (
    FREE_TEXT_MAX,
    ID_MAX,
    RECORD_KINDS,
    REFERENCES,
    from_plain,
    missing_required,
    to_plain,
)
from db.store import Store, constraint_error

FORMAT = "alis-desktop"
FORMAT_VERSION = 1


def export_data(store: Store) -> dict:
    data = {"format": FORMAT, "format_version": FORMAT_VERSION,
            "schema_version": store.schema_version()}
    for kind in RECORD_KINDS:
        data[kind] = [to_plain(r) for r in store.all(kind)]
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def parse_records(data: dict, notes: list | None = None) -> dict[str, list]:
    """Validate a whole JSON document into records; raises ValidationError naming the record.
    `notes` receives what a coverage_text was read loosely as (Norwegian, one per item)."""
    _check_header(data)
    parsed: dict[str, list] = {}
    ids: dict[str, set] = {}
    coverage_texts: dict[int, object] = {}  # arena id -> its optional "coverage_text"
    for kind, cls in RECORD_KINDS.items():
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise ValidationError(kind, "Skal være en liste.", kind=kind)
        if kind == "municipality" and kind in data and len(items) != 1:  # absent: the
            # new file keeps its default settings (a hand-written list of arenas, say)
            raise ValidationError("municipality", "Skal inneholde nøyaktig én post (kommunen), "
                                                  f"ikke {len(items)}.", kind=kind)
        records, seen = [], set()
        for index, item in enumerate(items):
            rid = item.get("id") if isinstance(item, dict) else None
            if not (isinstance(rid, int) and not isinstance(rid, bool)):
                rid = None  # a message names the record by its place in the list instead
            try:
                if not isinstance(item, dict):
                    raise ValidationError("-", "Posten er ikke et objekt.")
                if kind == "arenas" and "coverage_text" in item:
                    item = dict(item)
                    coverage_texts[rid] = item.pop("coverage_text")
                if rid is None or not 1 <= rid <= ID_MAX:
                    raise ValidationError("id", "Hver post trenger en positiv heltalls-id.")
                if kind == "municipality" and rid != 1:
                    raise ValidationError("id", "Kommunen har id 1.")
                if rid in seen:
                    raise ValidationError("id", f"id {rid} forekommer to ganger.")
                record = from_plain(cls, item, exact=True)
                record.validate()  # first: its messages say best what a form would require
                absent = missing_required(kind, item)
                if absent is not None:
                    raise ValidationError(absent, "Feltet mangler (det er påkrevd i formatet).")
                for field_name, target in REFERENCES.get(kind, []):
                    ref = getattr(record, field_name)
                    if ref is not None and ref not in ids[target]:
                        raise ValidationError(field_name, f"Viser til {target} id {ref}, "
                                                          "som ikke finnes i filen.")
            except ValidationError as exc:
                raise exc.located(kind, rid, index) from None
            seen.add(rid)
            records.append(record)
        if kind == "arena_coverage" and coverage_texts:
            records += _expand_coverage_texts(coverage_texts, records, notes)
            seen = {r.id for r in records}
        parsed[kind] = records
        ids[kind] = seen
    return parsed


def _expand_coverage_texts(texts: dict[int, object], given: list, notes: list | None = None
                           ) -> list:
    """ArenaCoverage records for the arenas that gave their goals as "coverage_text": the
    notation of the municipal plans (e.g. "Alle ALM, bortsett fra ALM 055 og 085") or a list
    of such items. Read strictly: an unreadable token refuses the whole import. New records
    get ids after the highest given one."""
    explicit = {(c.arena_id, c.goal_code) for c in given}
    next_id = max((c.id for c in given), default=0) + 1
    out = []
    for arena_id, text in texts.items():
        try:
            if isinstance(text, list) and all(isinstance(t, str) for t in text):
                text = ", ".join(text)
            if not isinstance(text, str):
                raise ValidationError("coverage_text", "Skal være tekst eller en liste med "
                                                       "tekster, f.eks. \"ALM 036-054\".")
            if len(text) > FREE_TEXT_MAX:
                raise ValidationError("coverage_text", f"Teksten er for lang ({len(text)} "
                                                       f"tegn; høyst {FREE_TEXT_MAX}).")
            # As the plans write it: loose forms are read and reported, words refused.
            reading = read_goal_list(text)
            if reading.problems:
                raise ValidationError("coverage_text", reading.problems[0].message)
            coverage = reading.coverage
            if notes is not None:
                notes += [f"arenas id={arena_id}: {item}" for item in reading.loose]
            for code, level in sorted(coverage.items()):
                if (arena_id, code) in explicit:
                    raise ValidationError("coverage_text", f"{code} står også i "
                                                           "arena_coverage for denne arenaen.")
                record = ArenaCoverage(id=next_id, arena_id=arena_id, goal_code=code,
                                       level=level)
                record.validate()
                out.append(record)
                next_id += 1
        except ValidationError as exc:
            raise exc.located("arenas", arena_id) from None
    return out


def import_data(store: Store, data: dict, notes: list | None = None, *,
                records: dict[str, list] | None = None) -> dict[str, int]:
    """Import into an empty file in one transaction; returns counts per kind. `records`:
    the document already validated by parse_records (so a caller can refuse a bad document
    before it opens or creates any file); `notes` as for parse_records."""
    records = parse_records(data, notes) if records is None else records
    # The settings row is replaced; audit rows the program wrote into the empty file (a
    # take-over of its lock) stay, before the imported history.
    holding = [k for k in RECORD_KINDS if k not in ("municipality", "audit_log")
               and store.count(k)]
    if holding:
        raise ValidationError("-", f"Filen inneholder allerede data ({holding[0]}). "
                                   "Importer til en ny, tom fil.")
    write_records(store, records)
    return {kind: len(items) for kind, items in records.items()}


def write_records(store: Store, records: dict[str, list]) -> None:
    """Insert already-validated records with their ids, in dependency order, in one
    transaction (the municipality row replaces the default one)."""
    with store.transaction():
        if records.get("municipality"):
            store.conn.execute("DELETE FROM municipality")
        for kind in RECORD_KINDS:
            items = records.get(kind, [])
            if not items:
                continue
            rows = [to_plain(r, for_json=False) for r in items]
            if kind == "audit_log":
                rows = _after_existing_audit_rows(store, rows)
            cols = list(rows[0])
            sql = (f"INSERT INTO [{kind}] ({', '.join(f'[{c}]' for c in cols)}) "
                   f"VALUES ({', '.join('?' for _ in cols)})")
            try:
                store.conn.executemany(sql, ([row[c] for c in cols] for row in rows))
            except sqlite3.IntegrityError as exc:  # e.g. two records with the same key
                raise constraint_error(kind, exc).located(kind, None) from None


def _check_header(data) -> None:
    """format, format_version (and schema_version if given) of the right type and value;
    only the known lists."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("format", f"Dette er ikke en eksport fra ALIS Desktop (mangler "
                                        f"\"format\": \"{FORMAT}\").")
    version = data.get("format_version", 1)  # absent in hand-written documents: the first
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError("format_version", f"«format_version» skal være et positivt "
                                                f"heltall, ikke {excerpt(version)}.")
    if version > FORMAT_VERSION:
        raise ValidationError("format_version", "Filen er fra en nyere versjon av ALIS Desktop.")
    schema = data.get("schema_version", 0)
    if not isinstance(schema, int) or isinstance(schema, bool) or not 0 <= schema <= 10_000:
        raise ValidationError("schema_version", f"«schema_version» skal være et heltall, ikke "
                                                f"{excerpt(schema)}.")
    unknown = set(data) - set(RECORD_KINDS) - {"format", "format_version", "schema_version"}
    if unknown:
        first = excerpt(sorted(unknown)[0])
        raise ValidationError(first, f"Ukjent liste «{first}».")


def _after_existing_audit_rows(store: Store, rows: list[dict]) -> list[dict]:
    """Imported audit rows keep their ids unless the file already has audit rows (nothing
    refers to an audit row's id); then they are numbered after them, in their order."""
    last = store.conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    if not last:
        return rows
    return [{**row, "id": row["id"] + last} for row in rows]


def load_json(text: str) -> dict:
    """A document from JSON text: depth-limited, lone surrogates refused (json_input)."""
    return json_input.parse(text)


def load_json_bytes(raw: bytes, name: str = "Filen") -> dict:
    """A document from the bytes of a file: UTF-8 checked with the byte position."""
    return json_input.parse(json_input.decode(raw, name))


def read_export(path: Path) -> dict:
    """The document in the JSON file at `path`; FileProblem (missing, a folder, no
    permission) or ValidationError (not an export) in Norwegian."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise os_errors.problem(exc, path, action="lese") from None
    return load_json_bytes(raw, path.name)


# Re-exported for callers that only want the plain form of one record.
__all__ = ["export_data", "import_data", "parse_records", "dumps", "load_json", "load_json_bytes",
           "read_export", "from_plain"]
