"""The rules engine: what a doctor has done, what remains, and when the service is complete.

Every number lives in resources/rules.json; this module only knows the kinds of check
(``service_total``, ``service_min``, ``service_cap``, ``absence``, ``supervision``,
``activity_count``, ``courses``, ``topic_courses``, ``goals``, ``meeting_interval``,
``deadline``). Each rule is a *regulation* rule (Spesialistforskriften, cited by §; never
deviated) or a *plan* rule (guidance and municipal plans; the leader may deviate for one
doctor, with a reason). docs/rules.md lists the rules and the judgment calls.

The entry point is :func:`evaluate`; it is pure (no I/O beyond the cached rules file) and
cheap enough to call for every doctor on every table refresh.

Status of a requirement (drives the colours of the plan, as in the Drammen template):
- ``met``: done (green);
- ``deviated``: not met, but the leader has decided to depart from this plan rule;
- ``planned``: not met, but what is planned within the next 6 months meets it (blue);
- ``behind``: not met and should have been by now (red), see the check's docstring;
- ``ok_so_far``: not met, not fully planned, but on track for the time in training.

The code is split by the kind of check, so a rule's code is found from its file name:

- ``rules.py``: the rules as written in rules.json (RuleSpec, Rules, load_rules);
- ``results.py``: RequirementResult, Progress and the statuses;
- ``service.py``: ``service_total``, ``service_min``, ``service_cap``, ``absence`` and the
  projected completion;
- ``supervision.py``: ``supervision``;
- ``activities.py``: ``activity_count``, ``courses``, ``topic_courses``;
- ``goals.py``: ``goals``;
- ``meetings.py``: ``meeting_interval``;
- ``deadline.py``: ``deadline``;
- ``engine.py``: evaluate(), which runs them all for one doctor.

Everything is imported from ``alis_desktop.requirements`` as before.
"""

from alis_desktop.requirements.activities import activity_kinds_during_service
from alis_desktop.requirements.engine import (
    counted_by_category, evaluate, planning_horizon,
)
from alis_desktop.requirements.goals import GoalSets
from alis_desktop.requirements.results import (
    KIND_LABELS, STATUSES, STATUS_LABELS, Progress, RequirementResult,
)
from alis_desktop.requirements.rules import CHECKS, KINDS, RuleSpec, Rules, load_rules
from alis_desktop.requirements.service import _Context, _Service, _first_date  # noqa: F401

__all__ = [
    "counted_by_category",
    "CHECKS",
    "GoalSets",
    "KINDS",
    "KIND_LABELS",
    "Progress",
    "RequirementResult",
    "RuleSpec",
    "Rules",
    "STATUSES",
    "STATUS_LABELS",
    "activity_kinds_during_service",
    "evaluate",
    "load_rules",
    "planning_horizon",
]
