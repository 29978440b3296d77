"""The rules as written in resources/rules.json: each rule's parameters, checked on
loading, and the rules that apply to a doctor's regime."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
import json
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from alis_desktop.resources import resource_path
from alis_desktop.service_time import CATEGORIES


KINDS = ("regulation", "plan")


CHECKS = ("service_total", "service_min", "service_cap", "absence", "supervision",
          "activity_count", "courses", "topic_courses", "goals", "meeting_interval",
          "deadline")


_COMMON = ("id", "kind", "basis", "check", "label", "unit", "regimes", "old_regime")


_NEEDS: dict[str, tuple[str, ...]] = {
    "service_total": ("required",),
    "service_min": ("required", "categories"),
    "service_cap": ("max", "categories"),
    "absence": ("allowance_pct", "counts_as_service"),
    "supervision": ("hours_per_month", "months_per_year"),
    "activity_count": ("activity_kind", "required"),
    "courses": ("codes",),
    "topic_courses": ("course_code", "required", "min_hours"),
    "goals": ("catalog",),
    "meeting_interval": ("normal_months", "max_months"),
    "deadline": ("deadline",),
}


@dataclass(frozen=True)
class RuleSpec:
    """One rule as written in rules.json (with the regime's overrides applied)."""

    id: str
    kind: str
    basis: str
    check: str
    label: str
    unit: str
    params: Mapping = field(default_factory=dict, compare=False)
    regimes: tuple[str, ...] = ()

    def get(self, key: str, default=None):
        return self.params.get(key, default)

    @property
    def required(self) -> float:
        return float(self.params.get("required", 0))


@dataclass(frozen=True, eq=False)
class Rules:
    """All rule parameters, read from resources/rules.json."""

    version: str
    title: str
    rules: tuple[RuleSpec, ...]                 # as written (the new regime's view)
    settings: Mapping
    parameters: Mapping
    absence_allowance: float                    # fraction of the time in training (0.10)
    counting_leave_kinds: frozenset[str]        # leave kinds that count as service
    _raw: tuple = field(default=(), repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping) -> "Rules":
        raw = tuple(data.get("rules", ()))
        seen: set[str] = set()
        for r in raw:
            rid = r.get("id")
            if not rid or rid in seen:
                raise ValueError(f"rules.json: missing or repeated rule id {rid!r}")
            seen.add(rid)
            if r.get("kind") not in KINDS:
                raise ValueError(f"rules.json: rule {rid}: kind must be one of {KINDS}")
            if r.get("check") not in CHECKS:
                raise ValueError(f"rules.json: rule {rid}: unknown check {r.get('check')!r}")
            missing = [k for k in _NEEDS[r["check"]] if k not in r]
            if missing:
                raise ValueError(f"rules.json: rule {rid}: missing {', '.join(missing)}")
            for k in ("label", "basis", "unit"):
                if not str(r.get(k, "")).strip():
                    raise ValueError(f"rules.json: rule {rid}: missing {k}")
            for cat in list(r.get("categories", ())) + list(r.get("reduce_order", ())):
                if cat not in CATEGORIES:
                    raise ValueError(f"rules.json: rule {rid}: unknown category {cat!r}")
        absence = [r for r in raw if r["check"] == "absence"]
        if len(absence) != 1:
            raise ValueError("rules.json: exactly one rule with check 'absence' is needed")
        if not any(r["check"] == "service_total" for r in raw):
            raise ValueError("rules.json: a rule with check 'service_total' is needed")
        settings = {"planning_months": 6, "projection_years": 20, "behind_slack_months": 1,
                    "end_window_months": 6}
        settings.update(data.get("settings", {}))
        rules = cls(
            version=str(data.get("version", "")),
            title=str(data.get("title", "")),
            rules=tuple(_spec(r) for r in raw),
            settings=MappingProxyType(settings),
            parameters=MappingProxyType(dict(data.get("parameters", {}))),
            absence_allowance=float(absence[0]["allowance_pct"]) / 100.0,
            counting_leave_kinds=frozenset(absence[0]["counts_as_service"]),
            _raw=raw,
        )
        return rules

    @classmethod
    def from_file(cls, path) -> "Rules":
        with open(Path(path), encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))

    def for_regime(self, regime: str) -> tuple[RuleSpec, ...]:
        """The rules that apply to a doctor on `regime`, with its overrides applied."""
        cached = self._cache.get(regime)
        if cached is None:
            out = []
            for r in self._raw:
                if r.get("regimes") and regime not in r["regimes"]:
                    continue
                if regime == "old" and r.get("old_regime"):
                    r = {**r, **r["old_regime"]}
                out.append(_spec(r))
            cached = self._cache[regime] = tuple(out)
        return cached

    def rule(self, rule_id: str, regime: str = "new") -> RuleSpec:
        for spec in self.for_regime(regime):
            if spec.id == rule_id:
                return spec
        raise KeyError(rule_id)

    def deviable(self, regime: str = "new") -> tuple[RuleSpec, ...]:
        """The plan rules a leader may deviate from for a doctor on `regime`."""
        return tuple(s for s in self.for_regime(regime) if s.kind == "plan")

    def setting(self, key: str):
        return self.settings[key]


def _spec(r: Mapping) -> RuleSpec:
    params = {k: v for k, v in r.items() if k not in _COMMON}
    return RuleSpec(id=r["id"], kind=r["kind"], basis=r["basis"], check=r["check"],
                    label=r["label"], unit=r["unit"], params=MappingProxyType(params),
                    regimes=tuple(r.get("regimes", ())))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The shipped rules (resources/rules.json), read once."""
    return Rules.from_file(resource_path("rules.json"))
