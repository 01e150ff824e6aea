"""The samlet oversigt (overview) across every forvaltning, as plain data.

Computed from a loaded workspace (its valid plans) in one language; nothing here renders or
imports anything heavy, so the documents, the spreadsheet and the charts all read the same
numbers. The decisions, also stated in the README:

- Rows are forvaltninger in the order of `forvaltninger` in sektorplan.yaml; a forvaltning
  without a plan is listed among the plans as missing and has no row in the matrices.
- The SDG matrix counts references: every entry under `verdensmål` of a mål and of a delmål
  counts once for its goal (a target "4.1" for goal 4, a goal 4 for goal 4), so a mål with
  ["4.1", "4.2"] and a delmål with ["4.2"] give goal 4 the count 3. An indicator's
  `sdg-indikator` is a measurement link, not a choice of focus, and is not counted.
- The core-value matrix counts the mål that name each core value.
- Amounts are added exactly by `money.total`, as rule SP307 adds them, so 0,1 + 0,2 kr. is
  0,3 kr.; the construction frame is compared per year as SP307 does it (only years listed
  in `anlægsramme`).
- A timing conflict is rule SP310's: X depends on Y and X starts before the year Y ends.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sektorplan.load.workspace import Workspace, default_config, workspace_name
from sektorplan.model import money
from sektorplan.model.plan import Indicator, Initiative, Plan, WorkspaceConfig, text_in


@dataclass(frozen=True)
class Ref:
    """An initiative, named by id and title."""

    id: str
    title: str


@dataclass(frozen=True)
class PlanRow:
    """One forvaltning's plan, or the lack of one (`file` is None)."""

    department: str
    department_name: str
    file: str | None = None  # the plan file, relative to the workspace root (posix)
    title: str = ""
    status: str = ""
    adopted: dt.date | None = None
    version: str | None = None
    owner: str = ""
    goals: int = 0
    sub_goals: int = 0
    indicators: int = 0
    initiatives: int = 0
    progress: dict[str, int] = field(default_factory=dict)  # progress status → count

    @property
    def missing(self) -> bool:
        return self.file is None

    @property
    def stem(self) -> str | None:
        return Path(self.file).stem if self.file else None


@dataclass(frozen=True)
class Matrix:
    """Counts by forvaltning (rows) and column (SDG goal or core value)."""

    rows: list[str]  # department ids
    columns: list[str]  # goal numbers as text, or core-value ids
    column_names: list[str]
    counts: list[list[int]]
    colours: list[str] = field(default_factory=list)  # one per column (SDG goal colours)

    def row_totals(self) -> list[int]:
        return [sum(row) for row in self.counts]

    def column_totals(self) -> list[int]:
        return [sum(col) for col in zip(*self.counts, strict=True)] if self.counts else []

    def cell(self, row: str, column: str) -> int:
        return self.counts[self.rows.index(row)][self.columns.index(column)]


@dataclass(frozen=True)
class YearTable:
    """Kroner by forvaltning (rows) and year, with totals; for construction also the frame."""

    years: list[int]
    rows: list[str]  # department ids
    amounts: list[list[Decimal]]
    frame: list[Decimal | None] = field(default_factory=list)  # per year; None: no frame

    def totals(self) -> list[Decimal]:
        return [money.total(col) for col in zip(*self.amounts, strict=True)] if self.amounts else []

    def row_totals(self) -> list[Decimal]:
        return [money.total(row) for row in self.amounts]

    def total(self) -> Decimal:
        return money.total(self.row_totals())

    def over_frame(self) -> list[bool]:
        """Per year: the total is above that year's frame (a year without a frame never is)."""
        if not self.frame:
            return [False] * len(self.years)
        return [f is not None and t > f for t, f in zip(self.totals(), self.frame, strict=True)]

    def amount(self, row: str, year: int) -> Decimal:
        return self.amounts[self.rows.index(row)][self.years.index(year)]


@dataclass(frozen=True)
class Bar:
    """One initiative on the combined timeline."""

    department: str
    initiative: Ref
    type: str
    start: int
    end: int
    milestones: list[tuple[int, str]]


@dataclass(frozen=True)
class Dependency:
    """`waiting` (in `waiting_department`) depends on `waits_for` (in `waits_for_department`)."""

    waiting_department: str
    waiting: Ref
    starts: int
    waits_for_department: str
    waits_for: Ref
    other_ends: int

    @property
    def conflict(self) -> bool:
        return self.starts < self.other_ends

    @property
    def crosses(self) -> bool:
        return self.waiting_department != self.waits_for_department


@dataclass(frozen=True)
class PlaceEntry:
    department: str
    initiative: Ref
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class PlaceRow:
    id: str
    name: str
    type: str  # by | bygd
    entries: list[PlaceEntry]
    coordinates: tuple[float, float] | None = None  # (bredde, længde): drawn on the map


@dataclass(frozen=True)
class InitiativeRow:
    """An initiative with its economy by year, for the spreadsheet."""

    department: str
    file: str
    initiative: Ref
    type: str
    start: int
    end: int
    places: list[str]
    owner: str
    construction: dict[int, Decimal]
    operation: dict[int, Decimal]


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator with baseline, targets and measurements (målinger/*.csv included)."""

    department: str
    goal: str
    sub_goal: str
    id: str
    name: str
    unit: str
    direction: str
    baseline: tuple[int, int | float]
    targets: dict[int, int | float]
    measurements: dict[int, int | float]
    status: str  # a progress status (progress.STATUSES)


@dataclass(frozen=True)
class Overview:
    municipality: str
    planning_strategy: str
    period: tuple[int, int]
    language: str
    departments: dict[str, str]  # id → name, in the config's order (plus unknown ids)
    plans: list[PlanRow]
    sdg: Matrix
    core_values: Matrix
    construction: YearTable
    operation: YearTable
    timeline: list[Bar]
    dependencies: list[Dependency]
    places: list[PlaceRow]
    initiatives: list[InitiativeRow]
    indicators: list[IndicatorRow]

    @property
    def years(self) -> list[int]:
        return self.construction.years

    @property
    def conflicts(self) -> list[Dependency]:
        return [d for d in self.dependencies if d.conflict]

    @property
    def between_departments(self) -> list[Dependency]:
        return [d for d in self.dependencies if d.crosses]

    def department_links(self) -> list[tuple[str, str, int, int]]:
        """(waiting department, department waited for, dependencies, conflicts), per pair of
        different forvaltninger, in row order."""
        pairs: dict[tuple[str, str], list[int]] = {}
        for dep in self.between_departments:
            counts = pairs.setdefault((dep.waiting_department, dep.waits_for_department), [0, 0])
            counts[0] += 1
            counts[1] += dep.conflict
        order = list(self.departments)
        return [
            (a, b, n, c)
            for (a, b), (n, c) in sorted(
                pairs.items(), key=lambda kv: (order.index(kv[0][0]), order.index(kv[0][1]))
            )
        ]


def build_overview(ws: Workspace, language: str | None = None) -> Overview:
    """The overview of the valid plans of `ws`, in `language` (default: the primary one)."""
    from sektorplan.i18n import Fallback
    from sektorplan.load.measurements import merged
    from sektorplan.model.progress import counts, indicator_progress

    config = ws.config or default_config()
    primary = config.primary_language
    language = language or primary

    def t(value: str | dict[str, str] | None) -> str:
        text = text_in(value, language, primary)
        if language != primary and text and not (isinstance(value, dict) and value.get(language)):
            return Fallback(text, primary)  # marked in HTML and Word, as in the plans
        return text

    plans = _ordered_plans(ws, config)
    departments = {d.id: t(d.name) for d in config.departments}
    for _, plan in plans:
        departments.setdefault(plan.department, plan.department)
    measured = merged(ws)
    progress = {
        id_: indicator_progress(ind, measured.get(id_))
        for _, plan in plans
        for id_, ind in _indicators(plan)
    }

    rows: list[PlanRow] = []
    for dept_id, name in departments.items():
        own = [(f, p) for f, p in plans if p.department == dept_id]
        if not own:
            rows.append(PlanRow(dept_id, name))
        for file, plan in own:
            rows.append(
                PlanRow(
                    dept_id,
                    name,
                    file=file,
                    title=t(plan.title),
                    status=plan.status,
                    adopted=plan.adopted,
                    version=plan.version,
                    owner=plan.owner.name,
                    goals=len(plan.goals),
                    sub_goals=sum(len(g.sub_goals) for g in plan.goals),
                    indicators=sum(1 for _ in _indicators(plan)),
                    initiatives=len(plan.initiatives),
                    progress=counts(progress[i] for i, _ in _indicators(plan)),
                )
            )

    planned = [d for d in departments if any(p.department == d for _, p in plans)]
    initiatives = {i.id: (p.department, i) for _, p in plans for i in p.initiatives}
    years = _years(config, (p for _, p in plans))

    return Overview(
        municipality=t(config.municipality),
        planning_strategy=t(config.planning_strategy),
        period=(config.period.start, config.period.end),
        language=language,
        departments=departments,
        plans=rows,
        sdg=_sdg_matrix(ws, planned, plans, language),
        core_values=_core_value_matrix(config, planned, plans, t),
        construction=_year_table(
            years, planned, plans, lambda i: i.economy.construction, config.construction_frame
        ),
        operation=_year_table(years, planned, plans, lambda i: i.economy.operation, None),
        timeline=[
            Bar(
                p.department,
                Ref(i.id, t(i.title)),
                i.type,
                i.start,
                i.end,
                sorted((m.year, t(m.title)) for m in i.milestones),
            )
            for _, p in plans
            for i in p.initiatives
        ],
        dependencies=[
            Dependency(
                p.department,
                Ref(i.id, t(i.title)),
                i.start,
                initiatives[dep][0],
                Ref(dep, t(initiatives[dep][1].title)),
                initiatives[dep][1].end,
            )
            for _, p in plans
            for i in p.initiatives
            for dep in i.depends_on
            if dep in initiatives and dep != i.id
        ],
        places=[
            PlaceRow(
                place.id,
                t(place.name),
                place.type,
                [
                    PlaceEntry(p.department, Ref(i.id, t(i.title)), i.type, i.start, i.end)
                    for _, p in plans
                    for i in sorted(p.initiatives, key=lambda i: (i.start, i.end))
                    if place.id in i.places
                ],
                (float(place.coordinates.latitude), float(place.coordinates.longitude))
                if place.coordinates
                else None,
            )
            for place in config.places
        ],
        initiatives=[
            InitiativeRow(
                p.department,
                file,
                Ref(i.id, t(i.title)),
                i.type,
                i.start,
                i.end,
                list(i.places),
                t(i.owner),
                {y: money.exact(v) for y, v in sorted(i.economy.construction.items())}
                if i.economy
                else {},
                {y: money.exact(v) for y, v in sorted(i.economy.operation.items())}
                if i.economy
                else {},
            )
            for file, p in plans
            for i in p.initiatives
        ],
        indicators=[
            IndicatorRow(
                p.department,
                goal.id,
                sub.id,
                ind.id,
                t(ind.name),
                ind.unit,
                ind.direction,
                (ind.baseline.year, ind.baseline.value),
                dict(sorted(ind.targets.items())),
                measured.get(ind.id, dict(sorted(ind.measurements.items()))),
                progress[ind.id].status,
            )
            for _, p in plans
            for goal in p.goals
            for sub in goal.sub_goals
            for ind in sub.indicators
        ],
    )


def _ordered_plans(ws: Workspace, config: WorkspaceConfig) -> list[tuple[str, Plan]]:
    """(file relative to the root, plan) for the valid plans, in the order of forvaltninger
    and then by file name."""
    order = {d.id: i for i, d in enumerate(config.departments)}
    found = [(workspace_name(doc.path, ws.root), plan) for doc, plan in ws.valid_plans]
    return sorted(found, key=lambda fp: (order.get(fp[1].department, len(order)), fp[0]))


def _indicators(plan: Plan) -> Iterable[tuple[str, Indicator]]:
    for goal in plan.goals:
        for sub in goal.sub_goals:
            for ind in sub.indicators:
                yield ind.id, ind


def _years(config: WorkspaceConfig, plans: Iterable[Plan]) -> list[int]:
    """The period's years, plus any year an amount is written for outside it (an error the
    build refuses, but the overview never drops a krone)."""
    years = set(range(config.period.start, config.period.end + 1))
    for plan in plans:
        for i in plan.initiatives:
            if i.economy:
                years |= set(i.economy.construction) | set(i.economy.operation)
    return sorted(years)


def _sdg_matrix(
    ws: Workspace, rows: list[str], plans: list[tuple[str, Plan]], language: str
) -> Matrix:
    goals = ws.catalogue().goals
    numbers = sorted(goals)
    counts = {d: dict.fromkeys(numbers, 0) for d in rows}
    for _, plan in plans:
        refs = [r for g in plan.goals for r in (*g.sdgs, *(r for s in g.sub_goals for r in s.sdgs))]
        for ref in refs:
            number = ref.split(".", 1)[0]
            if number.isdigit() and int(number) in counts[plan.department]:
                counts[plan.department][int(number)] += 1
    return Matrix(
        rows,
        [str(n) for n in numbers],
        [goals[n].title.get(language) or goals[n].title.get("da", "") for n in numbers],
        [[counts[d][n] for n in numbers] for d in rows],
        [goals[n].colour for n in numbers],
    )


def _core_value_matrix(
    config: WorkspaceConfig,
    rows: list[str],
    plans: list[tuple[str, Plan]],
    t: Callable[[str | dict[str, str] | None], str],
) -> Matrix:
    ids = [v.id for v in config.core_values]
    counts = {d: dict.fromkeys(ids, 0) for d in rows}
    for _, plan in plans:
        for goal in plan.goals:
            for value in set(goal.core_values):
                if value in counts[plan.department]:
                    counts[plan.department][value] += 1
    return Matrix(
        rows,
        ids,
        [t(v.name) for v in config.core_values],
        [[counts[d][v] for v in ids] for d in rows],
    )


def _year_table(
    years: list[int],
    rows: list[str],
    plans: list[tuple[str, Plan]],
    amounts_of: Callable[[Initiative], dict[int, int | float]],
    frame: dict[int, int | float] | None,
) -> YearTable:
    written: dict[str, dict[int, list[int | float]]] = {d: defaultdict(list) for d in rows}
    for _, plan in plans:
        for initiative in plan.initiatives:
            if initiative.economy:
                for year, amount in amounts_of(initiative).items():
                    written[plan.department][year].append(amount)
    return YearTable(
        years,
        rows,
        [[money.total(written[d][y]) for y in years] for d in rows],
        [money.exact(frame[y]) if y in frame else None for y in years] if frame is not None else [],
    )


# --- fixed texts -------------------------------------------------------------------------------


def labels(language: str) -> dict[str, Any]:
    """The overview's fixed texts (labels/oversigt/*.yaml) in `language`, Danish where that
    catalogue has no text, as the plans' labels do."""
    from sektorplan.i18n import OVERVIEW
    from sektorplan.i18n import labels as catalogue

    return catalogue(language, OVERVIEW)
