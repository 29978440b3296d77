"""The import fuzzer: structurally damaged exports (tests/db/import_mutations.py) given to
`import` as a user would, into a new file and into an empty ALIS file.

For every case: no traceback (the command returns an exit code; stderr is one short
Norwegian line), no file left behind (no temporary file, journal or lock), and when refused
the target is unchanged (a new file is not created, an existing one is byte-identical).
When accepted, the file passes SQLite's integrity check and the import is complete.

The default run is FUZZ_CASES cases with a fixed seed, in-process. A longer run with
hypothesis choosing the cases: ALIS_FUZZ_PROFILE=long (or a number of examples), e.g.
`ALIS_FUZZ_PROFILE=long python -m pytest tests/db/test_import_fuzz.py -k hypothesis -s`.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alis_desktop import models as m
from alis_desktop import plan_models as pm
from alis_desktop.cli import main, write_demo
from alis_desktop.records import RECORD_KINDS, to_plain
from db.exchange import dumps, export_data
from db.store import Store
from tests.conftest import TODAY, run_cli
from tests.db.import_mutations import MUTATIONS, mutate

FUZZ_CASES = 300
SEED = 14
settings.register_profile("fuzz-default", max_examples=25, deadline=None, database=None,
                          derandomize=True, suppress_health_check=list(HealthCheck))
settings.register_profile("fuzz-long", max_examples=3000, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
_PROFILE = os.environ.get("ALIS_FUZZ_PROFILE", "")
PROFILE = ("fuzz-long" if _PROFILE == "long" else "fuzz-default") if not _PROFILE.isdigit() \
    else None
EXAMPLES = int(_PROFILE) if _PROFILE.isdigit() else None


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A small demo municipality's export (four doctors, quick to parse) with one record
    added of each kind the demo does not make, so every kind of record is there; its
    bytes; and an empty ALIS file to import into."""
    folder = tmp_path_factory.mktemp("fuzz-base")
    write_demo(folder / "demo.alis", doctors=4, seed=3, today=TODAY)
    store = Store.open(folder / "demo.alis", read_only=True)
    try:
        doc = export_data(store)
    finally:
        store.close()
    doctor = doc["doctors"][0]["id"]
    arena = doc["arenas"][0]["id"]
    extra = {
        "goal_texts": m.GoalText(id=1, catalog_version="ALM", code="ALM-001", theme="Tema",
                                 text="Egen tekst"),
        "rule_deviations": m.RuleDeviation(id=1, doctor_id=doctor, rule_id="on_call",
                                           reason="Fritatt for legevakt", decided_date=TODAY,
                                           decided_by="Leder"),
        "attestations": m.Attestation(id=1, doctor_id=doctor, number="A-1", issued_date=TODAY,
                                      sha256="0" * 64, pdf=b"%PDF-1.4"),
        "audit_log": m.AuditEntry(id=1, at="2026-11-26T10:00:00", user="leder",
                                  action="opprettet", kind="doctors", record_id=doctor),
        # the municipality's plan (issue 18)
        "plan_sections": pm.PlanSection(id=1, key="intro", position=0, title="Innledning",
                                        text="Egen innledning.\n\nMed to avsnitt."),
        "plan_contacts": pm.PlanContact(id=1, role="ALIS-leder", name="Kari Leder",
                                        phone="51 00 00 00", email="kari@kommune.no"),
        "arena_conditions": pm.ArenaCondition(id=1, arena_id=arena,
                                              text="Forutsetter deltakelse i legevakt."),
        "arena_activities": pm.ArenaActivity(id=1, arena_id=arena, goal_code="ALM-002",
                                             here="Konsultasjoner", elsewhere="Kurs"),
        "plan_courses": pm.PlanCourse(id=1, code="K-1", name="Grunnkurs A",
                                      goals=["ALM-001"]),
        "plan_versions": pm.PlanVersion(id=1, version="1.0", adopted_date=TODAY,
                                        adopted_by="Kommunestyret", document={"title": "Plan"}),
    }
    for kind, record in extra.items():
        assert not doc[kind]
        doc[kind] = [to_plain(record)]
    assert all(doc[kind] for kind in RECORD_KINDS)
    empty = folder / "tom.alis"
    Store.open(empty, create=True).close()
    return doc, dumps(doc).encode("utf-8"), empty


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Fuzz:
    """Runs cases in one folder and keeps the tally."""

    def __init__(self, folder: Path, empty: Path, capsys):
        self.folder, self.empty, self.capsys = folder, empty, capsys
        self.tally: Counter = Counter()
        self.accepted: Counter = Counter()
        self.refusals: Counter = Counter()

    def run(self, kind: str, label: str, data: bytes, into_existing: bool) -> None:
        source = self.folder / "inn.json"
        source.write_bytes(data)
        target = self.folder / "mål.alis"
        if into_existing:
            shutil.copy(self.empty, target)
            before = digest(target)
        where = f"{kind} / {label} / {'existing' if into_existing else 'new'} file"
        code = main(["import", str(target), str(source)])  # a traceback fails the test here
        out, err = self.capsys.readouterr()
        assert code in (0, 2), where
        self.tally["cases"] += 1
        if code == 2:
            assert err.startswith("Feil: ") and err.count("\n") == 1, (where, err[:300])
            assert len(err) < 800, (where, err[:300])
            if into_existing:
                assert digest(target) == before, where
            else:
                assert not target.exists(), where
            self.tally["refused"] += 1
            self.tally[f"refused {kind}"] += 1
            self.refusals[err.split(":", 2)[-1].strip()[:50]] += 1
        else:
            assert err == "" and "Importerte" in out, where
            conn = sqlite3.connect(target)
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", where
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], where
            finally:
                conn.close()
            self.tally["accepted"] += 1
            self.tally[f"accepted {kind}"] += 1
            self.accepted[label] += 1
        left = sorted(p.name for p in self.folder.iterdir() if p.name not in ("inn.json",
                                                                            "mål.alis"))
        assert left == [], (where, left)
        target.unlink(missing_ok=True)
        if into_existing:  # same bytes as the template: unchanged in every sense
            self.tally["unchanged"] += code == 2

    def report(self, title: str) -> None:
        print(f"\n{title}: {dict(self.tally)}")
        print(f"accepted: {dict(self.accepted.most_common())}")
        print(f"refusals (most common): {dict(self.refusals.most_common(25))}")


def test_fuzz_import_fixed_seed(base, tmp_path, capsys):
    doc, raw, empty = base
    fuzz = Fuzz(tmp_path, empty, capsys)
    rng = random.Random(SEED)
    kinds = list(MUTATIONS)
    for n in range(FUZZ_CASES):
        kind, label, data = mutate(rng, doc, raw, kinds[n % len(kinds)])
        fuzz.run(kind, label, data, into_existing=bool(n % 2))
    with capsys.disabled():
        fuzz.report(f"import fuzz (seed {SEED})")
    assert fuzz.tally["cases"] == FUZZ_CASES
    assert fuzz.tally["refused"] > FUZZ_CASES // 2
    for kind in kinds:  # every kind of damage was tried, and most is refused
        assert fuzz.tally[f"refused {kind}"] + fuzz.tally[f"accepted {kind}"] >= 25, kind
    for kind in ("nesting", "encodings", "truncation", "whole_file"):
        assert fuzz.tally[f"refused {kind}"] >= 20, kind


def test_fuzz_import_hypothesis(base, tmp_path_factory, capsys):
    """Hypothesis chooses the seeds and kinds (and stacks up to three mutations)."""
    doc, raw, empty = base
    fuzz = Fuzz(tmp_path_factory.mktemp("fuzz-h"), empty, capsys)
    chosen = settings(settings.get_profile(PROFILE)) if PROFILE else \
        settings(max_examples=EXAMPLES, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))

    @chosen
    @given(seed=st.integers(0, 2 ** 32 - 1),
           kinds=st.lists(st.sampled_from(list(MUTATIONS)), min_size=1, max_size=3),
           into_existing=st.booleans())
    def one(seed, kinds, into_existing):
        rng = random.Random(seed)
        data, labels = raw, []
        for kind in kinds:  # a stacked mutation works on what the one before left
            current = doc if data is raw else _parsed(data)
            if current is None and kind not in BYTE_KINDS:
                kind = "truncation"  # no longer a document to change field by field
            _k, label, data = mutate(rng, current or doc, data, kind)
            labels.append(label)
        fuzz.run("+".join(kinds), " | ".join(labels), data, into_existing)

    one()
    with capsys.disabled():
        fuzz.report("import fuzz (hypothesis)")


BYTE_KINDS = {"nesting", "encodings", "truncation", "whole_file"}  # work on the bytes


def _parsed(data: bytes) -> dict | None:
    """The mutated document if it is still a readable export, else None."""
    import json

    from alis_desktop.json_input import MAX_DEPTH, nesting_depth
    try:
        text = data.decode("utf-8")
        if nesting_depth(text) > MAX_DEPTH:  # too deep to copy for the next mutation
            return None
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) and any(
        isinstance(v, list) and v and all(isinstance(r, dict) and r for r in v)
        for v in parsed.values()) else None


@pytest.mark.parametrize("kind", ["nesting", "encodings", "whole_file", "types", "text",
                                  "numbers"])
def test_fuzz_cases_through_the_real_command_line(base, tmp_path, kind):
    """A handful through a subprocess: what the user sees on stderr, exit code 2."""
    doc, raw, _empty = base
    rng = random.Random(SEED)
    for _ in range(20):  # the first mutation of this kind that is refused
        _k, label, data = mutate(rng, doc, raw, kind)
        source = tmp_path / "inn.json"
        source.write_bytes(data)
        proc = run_cli("import", tmp_path / "ny.alis", source, check=False)
        assert "Traceback" not in proc.stderr, label
        if proc.returncode == 2:
            break
        (tmp_path / "ny.alis").unlink()
    assert proc.returncode == 2 and proc.stderr.startswith("Feil: "), label
    assert proc.stderr.count("\n") == 1 and len(proc.stderr) < 800
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inn.json"]
