"""Every doctor's records as everyone's figures read them (the rules engine and the early
warnings on one day), read lean: the 1,000-doctor file holds 350,000 small records, and
making an object of each cost most of the figures' time.

- Only the columns the figures read (no notes, no JSON lists of goals or participants).
- Supervision sessions and most activities are summed in SQL per group of records the
  figures cannot tell apart: records with the same values in the fields they read, dated
  between the same pair of the dates they compare them with (the day, the end of the
  planning window, the start of the low-supervision window). Each group is one record
  dated on its last day: a session carries the group's hours; an activity stands in the
  list once per record of its group. Every sum, count and date comparison comes out as
  over the records. An activity of a kind a rule counts only within service periods of
  some categories is grouped also by whether such a period covers its day (a record
  standing for its group is covered as each of them is). Courses (code and title read)
  are read one by one.
- Goal statuses come as their GoalSets (the codes approved and submitted per catalog
  version), concatenated in SQL.

tests/db/test_lean_bundles.py checks that the figures are the same as from the full
records (db.queries.doctor_bundles)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from alis_desktop import models as m
from alis_desktop.meetings import supervision_window_start
from alis_desktop.records import RECORD_KINDS, from_rows
from alis_desktop.requirements import (
    GoalSets, Rules, planning_horizon,
)
from alis_desktop.vocab import GoalState
from db.queries import BATCH, DoctorBundle, _no_cyclic_gc
from db.store import Store

_SEP = "\x1f"  # joins goal codes in SQL (a code never holds it: codes are validated)

# Columns of the kinds read whole, as the figures read them.
_COLUMNS = {
    "placements": ("id, doctor_id, arena_id, category, start_date, end_date, position_pct, "
                   "status, department", "start_date, id"),
    "leaves": ("id, doctor_id, kind, start_date, end_date, pct", "start_date, id"),
    "meetings": ("id, doctor_id, kind, date, held, next_date", "date, id"),
    "rule_deviations": ("id, doctor_id, rule_id, reason", "id"),
    "supervisor_assignments": ("id, doctor_id, supervisor_id, start_date, end_date",
                               "start_date, id"),
    "meeting_actions": ("id, meeting_id, doctor_id, what, due_date, done_date", "id"),
}

# The period of a dated record: before the warning window, in it up to the day, planned
# within the planning window, later.
_PERIOD = """CASE WHEN date < :window THEN 0 WHEN date <= :as_of THEN 1
                  WHEN date <= :horizon THEN 2 ELSE 3 END"""

_SESSIONS = f"""
SELECT doctor_id, max(date) AS date, total(hours) AS hours, planned
FROM supervision_sessions
WHERE date IS NOT NULL AND {{where}}
GROUP BY doctor_id, planned, {_PERIOD}
ORDER BY doctor_id, date"""

# Activities read one by one: those with a course code (the course rules read the code
# and the title). The others are summed; only their kind, hours, out-of-hours flag and
# date are read, and for a kind a rule counts only within service periods of some
# categories, whether one of those periods covers the date ({covered}: one column per
# such rule, see _covered).
_ACTIVITY_COLUMNS = "doctor_id, kind, date, hours, course_code, title, out_of_hours"
_ONE_BY_ONE = "coalesce(course_code, '') != ''"
_ACTIVITIES_ONE_BY_ONE = f"""
SELECT {_ACTIVITY_COLUMNS}, 1 AS n FROM activities
WHERE date IS NOT NULL AND {_ONE_BY_ONE} AND {{where}}
ORDER BY doctor_id, date, id"""
_ACTIVITIES_SUMMED = f"""
SELECT doctor_id, kind, max(date) AS date, hours, '' AS course_code, '' AS title,
       out_of_hours, count(*) AS n
FROM activities AS a
WHERE date IS NOT NULL AND NOT {_ONE_BY_ONE} AND {{where}}
GROUP BY doctor_id, kind, hours, out_of_hours, {_PERIOD}{{covered}}
ORDER BY doctor_id, date"""
# Whether a service period (dated at both ends, as the rules read them) of the rule's
# categories covers an activity of the rule's kind.
_COVERED = """CASE WHEN a.kind = :{kind} THEN EXISTS (
    SELECT 1 FROM placements AS p WHERE p.doctor_id = a.doctor_id
    AND p.category IN ({categories}) AND p.start_date IS NOT NULL
    AND p.end_date IS NOT NULL AND p.start_date <= a.date AND a.date <= p.end_date)
    END"""


def _covered(rules: Rules) -> tuple[str, dict]:
    """The GROUP BY columns of _COVERED for every activity rule counted within service
    periods (both regimes), and their parameters."""
    wanted = sorted({(s.get("activity_kind"), tuple(sorted(s.get("during_categories"))))
                     for regime in ("new", "old") for s in rules.for_regime(regime)
                     if s.check == "activity_count" and s.get("during_categories")})
    columns, params = [], {}
    for i, (kind, categories) in enumerate(wanted):
        params[f"ck{i}"] = kind
        marks = []
        for j, category in enumerate(categories):
            params[f"cc{i}_{j}"] = category
            marks.append(f":cc{i}_{j}")
        columns.append(_COVERED.format(kind=f"ck{i}", categories=", ".join(marks)))
    return "".join(f", {c}" for c in columns), params


_GOALS = f"""
SELECT doctor_id, catalog_version,
       group_concat(goal_code, :sep) FILTER (
           WHERE state = :approved AND (approved_date IS NULL OR approved_date <= :as_of)),
       group_concat(goal_code, :sep) FILTER (WHERE state = :submitted)
FROM goal_statuses
WHERE state IN (:approved, :submitted) AND {{where}}
GROUP BY doctor_id, catalog_version"""


def lean_bundles(store: Store, as_of: date, rules: Rules, *, doctor_ids=None,
                 size: int = BATCH) -> Iterator[dict[int, DoctorBundle]]:
    """Bundles of every doctor (or of doctor_ids) for the figures on `as_of`, `size`
    doctors at a time (a caller in a background thread can stop between batches)."""
    if doctor_ids is None:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM doctors ORDER BY id")]
    else:
        ids = sorted(set(doctor_ids))
    size = min(size, 500)  # SQLite limits the number of parameters of an IN list
    dates = {"as_of": as_of.isoformat(), "horizon": planning_horizon(as_of, rules).isoformat(),
             "window": supervision_window_start(as_of).isoformat()}
    for k in range(0, len(ids), size):
        chunk = ids[k:k + size]
        if doctor_ids is None:  # every doctor: a range of ids, over the doctor_id indexes
            where, params = "doctor_id BETWEEN :first AND :last", {"first": chunk[0],
                                                                   "last": chunk[-1]}
        else:
            where = f"doctor_id IN ({', '.join(f':d{i}' for i in range(len(chunk)))})"
            params = {f"d{i}": did for i, did in enumerate(chunk)}
        yield _batch(store, where, {**params, **dates}, rules)


def _batch(store: Store, where: str, params: dict, rules: Rules) -> dict[int, DoctorBundle]:
    conn = store.conn
    with _no_cyclic_gc():
        bundles = {d.id: DoctorBundle(d) for d in store.all(
            "doctors", where.replace("doctor_id", "id"), params)}
        for kind, (columns, order) in _COLUMNS.items():
            cursor = conn.execute(f"SELECT {columns} FROM {kind} WHERE {where} "
                                  f"ORDER BY {order}", params)
            _spread(bundles, kind, from_rows(
                RECORD_KINDS[kind], [c[0] for c in cursor.description], cursor))
        cursor = conn.execute(_SESSIONS.format(where=where), params)
        _spread(bundles, "supervision_sessions", from_rows(
            m.SupervisionSession, [c[0] for c in cursor.description], cursor))
        covered, covered_params = _covered(rules)
        for sql in (_ACTIVITIES_ONE_BY_ONE, _ACTIVITIES_SUMMED):
            cursor = conn.execute(sql.format(where=where, covered=covered),
                                  {**params, **covered_params})
            # The last column (n, the records in the group) is no field: the records
            # are made from the rows as they come, n read beside them.
            rows = cursor.fetchall()
            for activity, row in zip(from_rows(
                    m.Activity, [c[0] for c in cursor.description], rows), rows):
                bundle = bundles.get(activity.doctor_id)
                if bundle is not None:
                    if row[-1] == 1:
                        bundle.activities.append(activity)
                    else:
                        bundle.activities.extend([activity] * row[-1])
        approved: dict[int, dict] = {}
        submitted: dict[int, dict] = {}
        for doctor_id, version, done, handed_in in conn.execute(
                _GOALS.format(where=where), {**params, "sep": _SEP,
                                             "approved": GoalState.APPROVED.value,
                                             "submitted": GoalState.SUBMITTED.value}):
            if done is not None:
                approved.setdefault(doctor_id, {})[version] = frozenset(done.split(_SEP))
            if handed_in is not None:
                submitted.setdefault(doctor_id, {})[version] = frozenset(handed_in.split(_SEP))
        as_of = date.fromisoformat(params["as_of"])
        for did, bundle in bundles.items():
            bundle.goal_statuses = GoalSets(as_of, approved.get(did, {}),
                                            submitted.get(did, {}))
    return bundles


def _spread(bundles: dict, kind: str, records: list) -> None:
    for record in records:
        bundle = bundles.get(record.doctor_id)
        if bundle is not None:
            getattr(bundle, kind).append(record)
