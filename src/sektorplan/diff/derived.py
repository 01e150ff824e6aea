"""What changed in the picture that follows from the plans: indicators whose progress status
changed, timing conflicts that appeared or disappeared, years that went over or under the
construction frame. Each is computed by the code that computes it for `validate` and
`progress` (check.rules, model.progress), on both sides, and then compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sektorplan.check.rules import Context, construction_totals, timing_conflicts
from sektorplan.diff.compare import title_of
from sektorplan.diff.sides import Side
from sektorplan.model import money
from sektorplan.model.progress import workspace_progress


@dataclass(frozen=True)
class StatusChange:
    indicator: str
    title: str
    plan: str
    old: str  # a status key of model.progress (e.g. "on_track")
    new: str


@dataclass(frozen=True)
class Conflict:
    """Initiative `initiative` starts in `start`, before `dependency` ends in `end`."""

    initiative: str
    start: int
    dependency: str
    end: int
    plan: str


@dataclass(frozen=True)
class FrameChange:
    """A year of `anlægsramme` that went over (or back under) the frame."""

    year: int
    old_total: Decimal
    new_total: Decimal
    old_frame: Decimal | None
    new_frame: Decimal | None

    @property
    def over(self) -> bool:
        """Over the frame in the new version (and not in the old)."""
        return _over(self.new_total, self.new_frame)


@dataclass
class Derived:
    statuses: list[StatusChange] = field(default_factory=list)
    conflicts_added: list[Conflict] = field(default_factory=list)
    conflicts_removed: list[Conflict] = field(default_factory=list)
    frame: list[FrameChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.statuses or self.conflicts_added or self.conflicts_removed or self.frame)


def derived(old: Side, new: Side, frame: bool = True) -> Derived:
    """The derived picture's changes. With one plan named on each side, only what concerns
    that plan (its indicators, its initiatives' conflicts); `frame` False leaves the
    construction frame out (the plan's construction did not change)."""
    before, after = _all_conflicts(old), _all_conflicts(new)
    return Derived(
        statuses=_statuses(old, new),
        conflicts_added=[c for key, c in after.items() if key not in before],
        conflicts_removed=[c for key, c in before.items() if key not in after],
        frame=_frame(old, new) if frame else [],
    )


def _statuses(old: Side, new: Side) -> list[StatusChange]:
    before = {s.indicator.id: s.progress.status for s in _progress(old)}
    changes = []
    for status in _progress(new):
        was = before.get(status.indicator.id)
        if was is not None and was != status.progress.status:
            title = title_of(status.indicator, new.language)
            changes.append(
                StatusChange(
                    status.indicator.id, title, status.plan.department, was, status.progress.status
                )
            )
    return changes


def _progress(side: Side) -> list:
    assert side.workspace is not None
    files: set[Path] | None = None
    if side.single:
        files = {doc.path.resolve() for doc, _ in side.plans}
    return workspace_progress(side.workspace, files)


def _all_conflicts(side: Side) -> dict[tuple[str, str], Conflict]:
    assert side.workspace is not None
    named = {i.id for _, plan in side.plans for i in plan.initiatives}
    result = {}
    for conflict in timing_conflicts(Context(side.workspace)):
        initiative, dependency = conflict.site.item, conflict.dependency.item
        if side.single and initiative.id not in named and dependency.id not in named:
            continue
        result[initiative.id, dependency.id] = Conflict(
            initiative.id,
            initiative.start,
            dependency.id,
            dependency.end,
            conflict.site.plan.department,
        )
    return result


def _frame(old: Side, new: Side) -> list[FrameChange]:
    a_frame, a_totals = _frame_and_totals(old)
    b_frame, b_totals = _frame_and_totals(new)
    changes = []
    for year in sorted({*a_frame, *b_frame}):
        zero = Decimal(0)
        change = FrameChange(
            year,
            a_totals.get(year, zero),
            b_totals.get(year, zero),
            a_frame.get(year),
            b_frame.get(year),
        )
        if _over(change.old_total, change.old_frame) != change.over:
            changes.append(change)
    return changes


def _frame_and_totals(side: Side) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    assert side.workspace is not None
    config = side.workspace.config
    frame = {y: money.exact(v) for y, v in config.construction_frame.items()} if config else {}
    totals = construction_totals(plan for _, plan in side.workspace.valid_plans)
    return frame, totals


def _over(total: Decimal, frame: Decimal | None) -> bool:
    return frame is not None and total > frame
