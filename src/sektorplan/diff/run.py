"""Two validated sides → the whole comparison: the plans' changes, the economy summed over
the workspace, and the derived picture."""

from __future__ import annotations

from dataclasses import dataclass, field

from sektorplan.diff.compare import (
    ADDED,
    REMOVED,
    EconomyDiff,
    PlanDiff,
    PlanSide,
    economy_diff,
)
from sektorplan.diff.compare import compare_plans as compare_plan_sides
from sektorplan.diff.derived import Derived, derived
from sektorplan.diff.sides import Side
from sektorplan.load.measurements import merged


@dataclass
class Diff:
    old_label: str
    new_label: str
    languages: list[str]  # the new version's languages, the first the primary
    single: bool  # one plan compared with one plan
    plans: list[PlanDiff] = field(default_factory=list)
    economy: list[EconomyDiff] = field(default_factory=list)  # summed over the workspace
    derived: Derived = field(default_factory=Derived)

    @property
    def empty(self) -> bool:
        return not self.plans and not self.economy and self.derived.empty

    @property
    def plans_added(self) -> list[PlanDiff]:
        return [p for p in self.plans if p.status == ADDED]

    @property
    def plans_removed(self) -> list[PlanDiff]:
        return [p for p in self.plans if p.status == REMOVED]


def compare(old: Side, new: Side) -> Diff:
    """Both sides must have loaded without errors."""
    old_side, new_side = _plan_side(old), _plan_side(new)
    if old.single and new.single and old_side.plans and new_side.plans:
        # Two named plan files are one plan in two versions, whatever their forvaltning.
        doc, plan, _ = old_side.plans[0]
        old_side.plans[0] = (doc, plan, new_side.plans[0][2])
    plans = compare_plan_sides(old_side, new_side)
    single = old.single and new.single
    result = Diff(old.label, new.label, new.languages, single, plans)
    if not single:
        result.economy = economy_diff(
            (p for _, p, _ in old_side.plans), (p for _, p, _ in new_side.plans)
        )
    construction_changed = any(e.kind == "anlæg" for p in plans for e in p.economy)
    result.derived = derived(old, new, frame=not single or construction_changed)
    return result


def _plan_side(side: Side) -> PlanSide:
    assert side.workspace is not None
    keyed = []
    used: set[str] = set()
    for doc, plan in side.plans:
        key = plan.department
        if key in used:  # two plans for one forvaltning (SP309): told apart by file
            key = f"{key} ({side.file_name(doc)})"
        used.add(key)
        keyed.append((doc, plan, key))
    return PlanSide(
        keyed,
        side.language,
        merged(side.workspace),
        {id(doc): side.file_name(doc) for doc, _ in side.plans},
    )
