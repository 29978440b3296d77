"""The demo municipality: deterministic, valid, and showing every stage of training."""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from alis_desktop.demo import generate
from alis_desktop.records import KIND_OF, to_plain

TODAY = date(2026, 11, 26)


def plain(records):
    return {kind: [to_plain(r) for r in items] for kind, items in records.items()}


def test_same_seed_same_municipality():
    assert plain(generate(seed=3, today=TODAY)) == plain(generate(seed=3, today=TODAY))
    assert plain(generate(seed=3, today=TODAY)) != plain(generate(seed=4, today=TODAY))


def test_every_record_is_valid_and_ids_are_unique():
    records = generate(doctors=30, seed=2, today=TODAY)
    for kind, items in records.items():
        ids = [r.id for r in items]
        assert len(ids) == len(set(ids)), kind
        for r in items:
            assert KIND_OF[type(r)] == kind
            r.validate()


def test_default_demo_spans_the_stages():
    records = generate(today=TODAY)
    doctors = records["doctors"]
    assert len(doctors) == 12
    status = Counter(d.status(TODAY) for d in doctors)
    assert status["Aktiv"] >= 8 and status["Ikke startet"] >= 1
    years = sorted((TODAY - d.start_date).days / 365.25 for d in doctors)
    assert years[0] < 0 and years[-1] > 4.5
    assert len(records["supervision_sessions"]) > 300
    assert records["institution_requests"] and records["institution_posts"]


def test_people_are_fictitious_but_arenas_follow_eigersund():
    records = generate(today=TODAY)
    names = {d.name for d in records["doctors"]} | {s.name for s in records["supervisors"]}
    names.add(records["municipality"][0].leader_name)
    seed_dir = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    texts = " ".join(p.read_text(encoding="utf-8") for p in seed_dir.glob("*.txt"))
    if not texts:
        pytest.skip("the seed documents are not beside the checkout")
    assert not [n for n in names if n in texts]
    arena_types = Counter(a.type for a in records["arenas"])
    assert arena_types["gp_office"] == 4 and arena_types["hospital"] == 1
    coverage = [c for c in records["arena_coverage"] if c.arena_id == 1]
    assert len([c for c in coverage if c.goal_code.startswith("ALM")]) == 86  # all but 055, 085


def test_large_file_option_gives_years_of_history():
    records = generate(doctors=5, seed=1, today=TODAY, years=5)
    for d in records["doctors"]:
        assert 4.7 < (TODAY - d.start_date).days / 365.25 < 5.3


def test_names_stay_unique_when_first_and_last_names_run_out():
    """A large file (1,000 doctors and 60 supervisors) needs more than the 1,020 plain
    first + last names; the generator then adds a middle name instead of looping forever."""
    import random

    from alis_desktop.demo import FIRST_NAMES, LAST_NAMES, _name
    used = {f"{f} {la}" for f in FIRST_NAMES for la in LAST_NAMES}
    before = len(used)
    fresh = _name(random.Random(1), used)
    assert len(fresh.split()) == 3 and len(used) == before + 1
