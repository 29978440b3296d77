"""Input hardening: random records (right and wrong types in every field) through the one
door (from_plain + validate) and the store, and random JSON documents through the import.
The file is either unchanged, or holds exactly the valid record; nothing but a
ValidationError (a Norwegian message naming the field) ever reaches the user."""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alis_desktop import models as m
from alis_desktop.errors import ValidationError
from alis_desktop.records import RECORD_KINDS, REFERENCES, to_plain, validated
from db.exchange import export_data, import_data
from db.store import AUDITED_KINDS, Store
from tests.db.strategies import raw_record

# The audit log is written by the program only; every other kind comes from forms or imports.
FORM_KINDS = [k for k in RECORD_KINDS if k != "audit_log"]
EXAMPLES_PER_KIND = 40
IMPORT_EXAMPLES = 200


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seeded_store(path) -> tuple[Store, dict[str, list[int]]]:
    """A file with one record of each kind that others refer to."""
    store = Store.open(path, create=True)
    store.conn.execute("PRAGMA synchronous = OFF")  # durability is the kill test's business
    doctor = store.save(m.Doctor(name="Kari", start_date=date(2024, 1, 1)))
    arena = store.save(m.Arena(name="Legesenteret"))
    supervisor = store.save(m.Supervisor(name="Veileder"))
    meeting = store.save(m.ReviewMeeting(doctor_id=doctor.id, date=date(2024, 6, 1)))
    placement = store.save(m.Placement(doctor_id=doctor.id, arena_id=arena.id,
                                       start_date=date(2024, 1, 1), end_date=date(2024, 6, 30)))
    ids = {"doctors": [doctor.id, 999], "arenas": [arena.id], "supervisors": [supervisor.id],
           "meetings": [meeting.id], "placements": [placement.id]}
    return store, ids


def test_random_records_through_validation_and_storage(tmp_path):
    store, ids = seeded_store(tmp_path / "fil.alis")
    tally: Counter = Counter()

    @settings(max_examples=EXAMPLES_PER_KIND * len(FORM_KINDS), deadline=None, database=None,
              derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def one_record(data):
        kind = data.draw(st.sampled_from(FORM_KINDS))
        raw = data.draw(raw_record(RECORD_KINDS[kind], ids))
        before, count = digest(store.path), store.count(kind)
        audit_rows = store.count("audit_log")
        try:
            record = validated(RECORD_KINDS[kind], raw)
            updating = record.id is not None  # an id in the input edits that record
            store.save(record)
        except ValidationError as exc:
            assert exc.message and exc.field, raw
            assert digest(store.path) == before, f"{kind} {raw!r} changed the file"
            tally["rejected"] += 1
            return
        tally["accepted"] += 1
        tally[f"accepted {kind}"] += 1
        assert store.count(kind) == count + (0 if updating else 1)
        assert store.count("audit_log") == audit_rows + (kind in AUDITED_KINDS)
        assert store.get(kind, record.id) == record

    try:
        one_record()
        assert store.integrity() == "ok" and store.foreign_key_problems() == 0
    finally:
        store.close()
    print(f"\ninput hardening (store): {dict(tally)}")
    assert tally["accepted"] > 0.1 * sum((tally["accepted"], tally["rejected"]))
    assert tally["rejected"] > 0.1 * sum((tally["accepted"], tally["rejected"]))
    accepted_kinds = {k for k in FORM_KINDS if tally[f"accepted {k}"]}
    assert len(accepted_kinds) >= len(FORM_KINDS) - 2, set(FORM_KINDS) - accepted_kinds


@st.composite
def json_document(draw):
    """An export-shaped document: a few records of a few kinds plus the kinds they refer to,
    in export order, so that references usually (not always) point at records in it."""
    chosen = set(draw(st.lists(st.sampled_from(list(RECORD_KINDS)), max_size=4)))
    for kind in reversed(RECORD_KINDS):  # a kind only refers to kinds before it
        if kind in chosen:
            chosen |= {target for _f, target in REFERENCES.get(kind, [])}
    doc: dict = {"format": "alis-desktop", "format_version": 1}
    ids: dict[str, list[int]] = {}
    clean = draw(st.booleans())  # half the documents hold only valid records
    for kind in RECORD_KINDS:  # dependency order
        if kind not in chosen:
            continue
        count = 1 if kind == "municipality" else draw(st.integers(1, 3))
        items = [draw(raw_record(RECORD_KINDS[kind], ids, as_json=True, clean=clean))
                 for _ in range(count)]
        if clean:  # distinct ids (shrinking likes to make them equal)
            for number, item in enumerate(items, start=1):
                item["id"] = 1 if kind == "municipality" else number
        doc[kind] = items
        ids[kind] = [i["id"] for i in items if isinstance(i.get("id"), int)]
    return doc


def test_random_json_documents_import_all_or_nothing(tmp_path):
    template = tmp_path / "tom.alis"
    Store.open(template, create=True).close()
    tally: Counter = Counter()

    @settings(max_examples=IMPORT_EXAMPLES, deadline=None, database=None,
              derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(doc=json_document())
    def one_document(doc):
        target = tmp_path / "mål.alis"
        shutil.copy(template, target)
        before = digest(target)
        store = Store.open(target, verify=False)
        store.conn.execute("PRAGMA synchronous = OFF")  # durability is the kill test's business
        try:
            try:
                counts = import_data(store, doc)
            except ValidationError as exc:
                assert exc.message, doc
                tally["rejected"] += 1
                store.close()
                assert digest(target) == before
                return
            tally["accepted"] += 1
            tally["records"] += sum(counts.values())
            exported = export_data(store)
            for kind, items in doc.items():
                if kind in RECORD_KINDS and items:
                    wanted = [to_plain(validated(RECORD_KINDS[kind], i)) for i in items]
                    assert exported[kind] == sorted(wanted, key=lambda r: r["id"]), kind
            assert store.integrity() == "ok" and store.foreign_key_problems() == 0
        finally:
            store.close()
            target.unlink()

    one_document()
    print(f"\ninput hardening (import): {dict(tally)}")
    assert tally["accepted"] > 0 and tally["rejected"] > 0
    assert tally["records"] > 0
