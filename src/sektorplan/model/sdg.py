"""The bundled catalogue of the UN Sustainable Development Goals (see data/SOURCE.md).

17 goals, 169 targets and 247 indicators, with English texts, Danish goal titles and the
goal colours. A workspace may add official translations in `verdensmål.yaml` (same layout),
merged over the bundled texts with `Catalogue.merged`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Indicator:
    id: str
    text: dict[str, str]


@dataclass(frozen=True)
class Target:
    id: str
    goal: int
    text: dict[str, str]
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Goal:
    number: int
    colour: str
    title: dict[str, str]
    long_title: dict[str, str]
    targets: tuple[Target, ...] = ()


@dataclass
class Catalogue:
    goals: dict[int, Goal]
    targets: dict[str, Target] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: list[dict[str, Any]]) -> Catalogue:
        goals: dict[int, Goal] = {}
        targets: dict[str, Target] = {}
        indicators: dict[str, Indicator] = {}
        for g in data:
            goal_targets = []
            for t in g.get("targets") or []:
                inds = tuple(
                    Indicator(str(i["id"]), dict(i.get("text") or {}))
                    for i in t.get("indicators") or []
                )
                target = Target(str(t["id"]), int(g["number"]), dict(t.get("text") or {}), inds)
                goal_targets.append(target)
                targets[target.id] = target
                indicators.update((i.id, i) for i in inds)
            goals[int(g["number"])] = Goal(
                int(g["number"]),
                str(g["colour"]),
                dict(g.get("title") or {}),
                dict(g.get("long_title") or {}),
                tuple(goal_targets),
            )
        return cls(goals, targets, indicators)

    def has_reference(self, ref: str) -> bool:
        """A goal number ("4") or a target id ("4.1", "14.a")."""
        return ref in self.targets or (ref.isdigit() and int(ref) in self.goals)

    def goal_of(self, ref: str) -> Goal | None:
        number = ref.split(".", 1)[0]
        return self.goals.get(int(number)) if number.isdigit() else None


def _bundled_text() -> str:
    return resources.files("sektorplan").joinpath("data", "sdg.yaml").read_text(encoding="utf-8")


@cache
def bundled_data() -> list[dict[str, Any]]:
    return yaml.load(_bundled_text(), Loader=_Loader)


@dataclass(frozen=True)
class KnownIds:
    goals: frozenset[int]
    targets: frozenset[str]
    indicators: frozenset[str]

    def has_reference(self, ref: str) -> bool:
        return ref in self.targets or (ref.isdigit() and int(ref) in self.goals)


_ID_LINE = re.compile(r"^\s*(?:- number: (\d+)|- id: '?([0-9]+\.[0-9a-z]+(\.[0-9]+)?)'?)\s*$", re.M)


@cache
def known_ids() -> KnownIds:
    """The ids alone, read from the catalogue's text in a millisecond instead of a full YAML
    load: validation needs nothing else. A test checks them against the full catalogue."""
    goals, targets, indicators = set(), set(), set()
    for goal, ident, third in _ID_LINE.findall(_bundled_text()):
        if goal:
            goals.add(int(goal))
        else:
            (indicators if third else targets).add(ident)
    return KnownIds(frozenset(goals), frozenset(targets), frozenset(indicators))


@cache
def catalogue() -> Catalogue:
    return Catalogue.from_data(bundled_data())


def merge_translations(base: list[dict[str, Any]], extra: list[dict[str, Any]]) -> list[Any]:
    """Lay the texts of `extra` (a subset, same layout) over a copy of `base`."""
    merged = copy.deepcopy(base)
    goals = {int(g["number"]): g for g in merged}
    for g in extra:
        goal = goals[int(g["number"])]
        if g.get("colour"):
            goal["colour"] = g["colour"]
        for key in ("title", "long_title"):
            goal.setdefault(key, {}).update(g.get(key) or {})
        targets = {str(t["id"]): t for t in goal.get("targets") or []}
        for t in g.get("targets") or []:
            target = targets[str(t["id"])]
            target.setdefault("text", {}).update(t.get("text") or {})
            indicators = {str(i["id"]): i for i in target.get("indicators") or []}
            for i in t.get("indicators") or []:
                indicators[str(i["id"])].setdefault("text", {}).update(i.get("text") or {})
    return merged
