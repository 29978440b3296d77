"""A file written when the statuses read Planlagt / Gjennomført opens with the new meaning:
what was Gjennomført (stored 'completed') is agreed and stays counted; a past Planlagt
(stored 'planned') is pencilled in, listed for the leader to confirm, never counted."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from alis_desktop.service_time import awaiting_confirmation
from db.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "schema-v1.alis"
# Doctor 2 of the fixture: Gjennomført 01.09.2026–29.02.2028, Planlagt from 01.03.2028.
AS_OF = date(2028, 6, 1)


@pytest.fixture
def old_file(tmp_path):
    copy = tmp_path / "old.alis"
    shutil.copy(FIXTURE, copy)
    store = Store.open(copy)
    yield store
    store.close()


def test_old_completed_period_stays_counted(old_file):
    progress = old_file.progress(AS_OF, 2)[2]
    # 01.09.2026–29.02.2028 is 18 whole months; the Planlagt period after it adds nothing.
    assert progress.counted_months == pytest.approx(18.0, abs=1e-9)


def test_old_past_planned_period_is_listed_for_confirmation_not_counted(old_file):
    placements = old_file.for_doctor("placements", 2)
    waiting = awaiting_confirmation(placements, AS_OF)
    assert [(p.start_date, p.status) for p in waiting] == [(date(2028, 3, 1), "planned")]
    warnings = old_file.progress(AS_OF, 2)[2].warnings
    assert any("01.03.2028–31.08.2028 er foreløpig, men har startet" in w for w in warnings)


def test_confirming_makes_the_period_count_from_its_first_day(old_file):
    import dataclasses
    waiting = awaiting_confirmation(old_file.for_doctor("placements", 2), AS_OF)
    old_file.save(dataclasses.replace(waiting[0], status="completed"))
    # + March, April, May 2028 and 1/30 of June
    assert old_file.progress(AS_OF, 2)[2].counted_months == pytest.approx(21 + 1 / 30, abs=1e-9)
