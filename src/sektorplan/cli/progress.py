"""`sektorplan progress`: the status of every indicator, as tables for people or JSON.

Text: one table per forvaltning (plan), then the counts of each status per plan. In a
terminal the tables are drawn by rich, with the status in its colour (rich is imported only
there); elsewhere they are plain, aligned text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sektorplan.check.validate import Result, resolve_targets, validate, with_workspace_errors
from sektorplan.load.workspace import Workspace, shown_path
from sektorplan.model import money
from sektorplan.model.plan import text_in
from sektorplan.model.progress import (
    LABELS,
    STATUSES,
    SYMBOLS,
    IndicatorStatus,
    counts,
    workspace_progress,
)

INTRO = "Seneste måling sammenholdt med den næste målværdi. Metoden: docs/progress.md."
NOTHING = "Ingen planer her. Angiv arbejdsområdets mappe, eller opret en plan med sektorplan new."
LEGEND = "  ".join(f"{SYMBOLS[s]} {LABELS[s]}" for s in STATUSES)


@dataclass
class Loaded:
    result: Result
    statuses: list[IndicatorStatus]
    workspace: Workspace | None


def load(path: Path) -> Loaded:
    """Validate the whole workspace of `path` (a folder, or one plan: then only its
    indicators are reported). Errors anywhere in it stop progress, since a measurement file
    or another plan may decide what an indicator's numbers are; those in the files the whole
    workspace shares (`workspace_errors`) also for a plan outside any workspace."""
    target = resolve_targets([path])[0]
    result = with_workspace_errors(validate([path] if target.alone else [target.root, path]))
    ws = result.workspaces[0] if result.workspaces else None
    if ws is None or result.errors:
        return Loaded(result, [], ws)
    plan = path.resolve()
    only = {plan} if any(p.path.resolve() == plan for p in ws.plans) else None
    return Loaded(result, workspace_progress(ws, only), ws)


# --- numbers and cells -------------------------------------------------------------------------


# Units that only say "a number of": a count reads as the number alone («60», not «60 antal»).
COUNT_UNITS = frozenset({"antal", "stk", "stk.", "styk", "stykker"})


def with_unit(value: float, unit: str) -> str:
    """A value with its unit as a reader says it: «84,5 %», «12 mio. kr.», but «60» for a count."""
    number = money.number(value)
    shown = " ".join(unit.split())
    return number if not shown or shown.lower() in COUNT_UNITS else f"{number} {shown}"


def _point(point: tuple[int, float] | None, unit: str) -> str:
    if point is None:
        return "–"
    year, value = point
    return f"{with_unit(value, unit)} ({year})"


@dataclass(frozen=True)
class _Table:
    heading: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    statuses: list[str]  # the status of each row, for its colour


_COLUMNS = ("Indikator", "Navn", "Seneste måling", "Målværdi", "Status")


def _tables(ws: Workspace, statuses: list[IndicatorStatus]) -> list[_Table]:
    language = ws.config.primary_language if ws.config else "da"
    tables: list[_Table] = []
    for doc, items in _by_plan(statuses):
        plan = items[0].plan
        department = ws.config.department(plan.department) if ws.config else None
        name = text_in(department.name, language, language) if department else ""
        heading = f"{plan.department} – {name}" if name else plan.department
        heading += f" ({shown_path(doc)})"
        rows = [
            (
                item.indicator.id,
                text_in(item.indicator.name, language, language),
                _point(item.progress.latest, item.indicator.unit),
                _point(item.progress.target, item.indicator.unit),
                f"{item.progress.symbol} {item.progress.label}",
            )
            for item in items
        ]
        tables.append(_Table(heading, _COLUMNS, rows, [i.progress.status for i in items]))
    return tables


def _by_plan(statuses: Iterable[IndicatorStatus]) -> list[tuple[Path, list[IndicatorStatus]]]:
    groups: dict[Path, list[IndicatorStatus]] = {}
    for item in statuses:
        groups.setdefault(item.doc.path, []).append(item)
    return list(groups.items())


def _count_table(statuses: list[IndicatorStatus]) -> _Table:
    header = ("Forvaltning", "Plan", *(SYMBOLS[s] for s in STATUSES), "I alt")
    rows = []
    for doc, items in _by_plan(statuses):
        per_status = counts(i.progress for i in items)
        rows.append(
            (
                items[0].plan.department,
                shown_path(doc),
                *(str(per_status[s]) for s in STATUSES),
                str(len(items)),
            )
        )
    total = counts(i.progress for i in statuses)
    rows.append(("I alt", "", *(str(total[s]) for s in STATUSES), str(len(statuses))))
    return _Table("Status pr. plan", header, rows, [])


# --- text --------------------------------------------------------------------------------------


def as_text(ws: Workspace, statuses: list[IndicatorStatus]) -> str:
    if not statuses:
        return NOTHING
    parts = [INTRO]
    for table in [*_tables(ws, statuses), _count_table(statuses)]:
        parts.append(f"\n{table.heading}\n\n{_plain(table)}")
    parts.append(f"\n{LEGEND}")
    return "\n".join(parts)


def _plain(table: _Table) -> str:
    numeric = {i for i, h in enumerate(table.header) if h in SYMBOLS.values() or h == "I alt"}
    widths = [max(len(r[i]) for r in [table.header, *table.rows]) for i in range(len(table.header))]

    def line(cells: tuple[str, ...]) -> str:
        padded = [
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(table.header), rule, *(line(r) for r in table.rows)])


def print_rich(ws: Workspace, statuses: list[IndicatorStatus], console: Any = None) -> None:
    """The same tables drawn by rich, each status in its colour (for a terminal)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from sektorplan.model.progress import COLOURS

    console = console or Console(highlight=False)
    if not statuses:
        console.print(NOTHING)
        return
    console.print(INTRO)
    for table in _tables(ws, statuses):
        grid = Table(title=table.heading, title_justify="left", title_style="bold")
        for name in table.header:
            grid.add_column(name, overflow="fold")
        for row, status in zip(table.rows, table.statuses, strict=True):
            grid.add_row(*row[:-1], Text(row[-1], style=f"bold {COLOURS[status]}"))
        console.print(grid)
    counted = _count_table(statuses)
    grid = Table(title=counted.heading, title_justify="left", title_style="bold")
    for i, name in enumerate(counted.header):
        style = f"bold {COLOURS[STATUSES[i - 2]]}" if 2 <= i < 2 + len(STATUSES) else ""
        grid.add_column(name, header_style=style, justify="right" if i >= 2 else "left")
    for row in counted.rows:
        grid.add_row(*row)
    console.print(grid)
    console.print(Text("  ").join(Text(f"{SYMBOLS[s]} {LABELS[s]}", COLOURS[s]) for s in STATUSES))


# --- JSON --------------------------------------------------------------------------------------


def as_json(statuses: list[IndicatorStatus]) -> str:
    # JSON has no NaN or Infinity: a number without a finite value is null (see finite),
    # and allow_nan=False makes sure no such value slips through as invalid JSON.
    return json.dumps(
        {"indicators": [_json_item(item) for item in statuses]},
        ensure_ascii=False,
        indent=2,
        allow_nan=False,
    )


def _json_item(item: IndicatorStatus) -> dict[str, Any]:
    progress = item.progress
    return {
        "id": item.indicator.id,
        "plan": shown_path(item.doc.path),
        "status": progress.status,
        "ratio": finite(progress.ratio),
        "latest": _json_point(progress.latest),
        "target": _json_point(progress.target),
    }


def _json_point(point: tuple[int, float] | None) -> dict[str, Any] | None:
    return None if point is None else {"year": point[0], "value": finite(point[1])}


def finite(value: float | None) -> float | None:
    return value if value is None or math.isfinite(value) else None
