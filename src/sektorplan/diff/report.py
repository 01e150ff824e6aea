"""The comparison as blocks (headings, change lines, tables of amounts) in one language, and
those blocks as text for the terminal (coloured by rich where it is a terminal), Markdown,
or JSON for programs. The Word report (`word`) lays out the same content as tables.

A change line is `field: old → new (difference)`; in a text, the words that changed are
marked: removed `[-…-]` and added `{+…+}` in plain text (as `git diff --word-diff`), struck
through and bold in Markdown, red and green in a terminal.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from typing import Any

from sektorplan.diff.compare import (
    ADDED,
    AMOUNT,
    NUMBER,
    REMOVED,
    RENAMED,
    YEAR,
    Change,
    EconomyDiff,
    ItemDiff,
    ListChange,
    NumberChange,
    PlanDiff,
    TextChange,
    ValueChange,
)
from sektorplan.diff.run import Diff
from sektorplan.model import money
from sektorplan.model.progress import SYMBOLS

DIFF_LABELS = ("labels", "diff")
OLD, NEW, PLAIN, STRONG = "old", "new", "", "strong"
Run = tuple[str, str]  # (style, text): OLD (removed), NEW (added), PLAIN or STRONG


def labels(language: str) -> dict[str, Any]:
    from sektorplan.i18n import labels as catalogue

    return catalogue(language, DIFF_LABELS)


def status_labels(language: str) -> dict[str, str]:
    from sektorplan.i18n import labels as catalogue

    return dict(catalogue(language)["progress_statuses"])


@dataclass(frozen=True)
class Numbers:
    """How a number and an amount are written in the report's language (a year as it is)."""

    number: Callable[[Decimal], str]
    amount: Callable[[Decimal], str]

    def shown(self, value: Decimal, unit: str = NUMBER) -> str:
        if unit == YEAR:
            return format(value, "f")
        return (self.amount if unit == AMOUNT else self.number)(value)

    def signed(self, value: Decimal, unit: str = NUMBER) -> str:
        text = self.shown(abs(value), unit)
        return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


DANISH = Numbers(money.number, money.amount)


def title(diff: Diff, lab: dict[str, Any]) -> str:
    """«Ændringer fra version X til version Y»; to the working tree (no `new_label`), «… til
    den nuværende udgave»."""
    if not diff.new_label:
        return lab["title_working_tree"].format(fra=diff.old_label)
    return lab["title"].format(fra=diff.old_label, til=diff.new_label)


def field_label(name: str, lab: dict[str, Any]) -> str:
    """`målværdier.2027` → «Målværdi 2027», `milepæle[Byggestart].år` → «Milepæl
    Byggestart år»; a field the catalogue does not name, as written."""
    fields = lab["fields"]
    if name in fields:
        return fields[name]
    base, _, rest = name.partition("[")
    if rest:
        inner, _, after = rest.partition("]")
        tail = fields.get(after.strip("."), after.strip("."))
        return " ".join(filter(None, [fields.get(base, base), inner, tail.lower()]))
    head, _, year = name.rpartition(".")
    if head in fields:
        return f"{fields[head]} {year}"
    return name


def change_row(
    change: Change, lab: dict[str, Any], numbers: Numbers, primary: str
) -> tuple[str, list[Run], list[Run], str]:
    """(field, old, new, difference) for one change, the old and new values as runs with
    what was removed and added marked."""
    name = field_label(change.field, lab)
    if isinstance(change, TextChange):
        if change.language != primary:
            name += f" ({change.language})"
        old = [(OLD if op == "-" else PLAIN, t) for op, t in change.words if op != "+"]
        new = [(NEW if op == "+" else PLAIN, t) for op, t in change.words if op != "-"]
        return name, _or_dash(old), _or_dash(new), ""
    if isinstance(change, NumberChange):
        unit = change.unit
        old = [(OLD, numbers.shown(change.old, unit))] if change.old is not None else []
        new = [(NEW, numbers.shown(change.new, unit))] if change.new is not None else []
        diff = change.difference
        signed = "" if diff is None else numbers.signed(diff, unit)
        return name, _or_dash(old), _or_dash(new), signed
    if isinstance(change, ListChange):
        old = _listed(change.old, set(change.removed), OLD)
        new = _listed(change.new, set(change.added), NEW)
        return name, _or_dash(old), _or_dash(new), ""
    assert isinstance(change, ValueChange)
    old = [(OLD, change.old)] if change.old is not None else []
    new = [(NEW, change.new)] if change.new is not None else []
    return name, _or_dash(old), _or_dash(new), ""


def _or_dash(runs: list[Run]) -> list[Run]:
    return runs if any(text for _, text in runs) else [(PLAIN, "–")]


def _listed(values: tuple[str, ...], marked: set[str], style: str) -> list[Run]:
    runs: list[Run] = []
    for i, value in enumerate(values):
        if i:
            runs.append((PLAIN, ", "))
        runs.append((style if value in marked else PLAIN, value))
    return runs


def item_heading(item: ItemDiff, lab: dict[str, Any]) -> str:
    kind = lab["kinds"][item.kind]
    what = {ADDED: lab["added"], REMOVED: lab["removed"], RENAMED: lab["renamed"]}.get(
        item.status, lab["changed"]
    )
    heading = f"{kind} {item.id}: {item.title} ({what.lower()}"
    if item.old_id:
        heading += ", " + lab["renamed_from"].format(id=item.old_id)
    return heading + ")"


def plan_heading(plan: PlanDiff, lab: dict[str, Any]) -> str:
    heading = f"{plan.key} – {plan.title}"
    if plan.status == ADDED:
        heading += f" {lab['plan_added']}"
    elif plan.status == REMOVED:
        heading += f" {lab['plan_removed']}"
    return heading


def economy_rows(economy: EconomyDiff, numbers: Numbers) -> list[tuple[str, str, str, str]]:
    """(year, old, new, difference) for each year and the total."""
    rows = [
        (
            str(y.year),
            numbers.amount(y.old),
            numbers.amount(y.new),
            numbers.signed(y.difference, AMOUNT),
        )
        for y in economy.years
    ]
    return rows


def economy_total(economy: EconomyDiff, numbers: Numbers, lab: dict[str, Any]) -> tuple[str, ...]:
    return (
        lab["total"],
        numbers.amount(economy.old_total),
        numbers.amount(economy.new_total),
        numbers.signed(economy.difference, AMOUNT),
    )


def plans_phrase(count: int, lab: dict[str, Any]) -> str:
    return lab["plan_one"] if count == 1 else lab["plan_many"].format(antal=count)


# --- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Changes:
    """Changed fields, old → new: (field, old runs, new runs, difference) per row."""

    header: tuple[str, str, str, str]
    rows: tuple[tuple[str, tuple[Run, ...], tuple[Run, ...], str], ...]


@dataclass(frozen=True)
class Table:
    """Plain cells; every column but the first holds numbers or short values."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    last_row_total: bool = False
    text_columns: int = 1  # the first columns hold text (left-aligned), the rest numbers


Block = Heading | Para | Changes | Table


def blocks(diff: Diff, language: str = "da", numbers: Numbers = DANISH) -> Iterator[Block]:
    """The report in `language`: title, summary, the overall picture, then each plan."""
    lab = labels(language)
    primary = diff.languages[0]
    yield Heading(1, title(diff, lab))
    if diff.empty:
        yield Para(((PLAIN, lab["no_changes"]),))
        return
    if diff.plans:
        phrase = plans_phrase(len(diff.plans), lab)
        yield Para(((PLAIN, lab["summary"].format(planer=phrase)),))
    yield from _overview(diff, lab, status_labels(language), numbers)
    header = (lab["field"], lab["old"], lab["new"], lab["difference"])
    for plan in diff.plans:
        yield Heading(2, plan_heading(plan, lab))
        if plan.changes:
            yield Heading(3, lab["plan_changes"])
            yield _changes(plan.changes, header, lab, numbers, primary)
        for item in plan.items:
            yield Heading(3, item_heading(item, lab))
            if item.changes:
                yield _changes(item.changes, header, lab, numbers, primary)
        for economy in plan.economy:
            yield from _economy(economy, lab, numbers)


def _overview(
    diff: Diff, lab: dict[str, Any], statuses: dict[str, str], numbers: Numbers
) -> Iterator[Block]:
    d = diff.derived
    if d.empty and not diff.economy and not (diff.plans_added or diff.plans_removed):
        return
    yield Heading(2, lab["overview"])
    for key, plans in (("plans_added", diff.plans_added), ("plans_removed", diff.plans_removed)):
        if plans:
            yield Heading(3, lab[key])
            for plan in plans:
                yield Para(((STRONG, plan.key), (PLAIN, f" – {plan.title}")))
    if d.statuses:
        yield Heading(3, lab["status_changes"])
        yield Table(
            (lab["indicator"], lab["plan"], lab["old"], lab["new"]),
            tuple(
                (
                    f"{s.indicator} {s.title}",
                    s.plan,
                    f"{SYMBOLS[s.old]} {statuses[s.old]}",
                    f"{SYMBOLS[s.new]} {statuses[s.new]}",
                )
                for s in d.statuses
            ),
            text_columns=4,
        )
    conflicts = (("conflicts_added", d.conflicts_added), ("conflicts_removed", d.conflicts_removed))
    for key, found in conflicts:
        if found:
            yield Heading(3, lab[key])
            for c in found:
                text = lab["conflict"].format(
                    indsats=c.initiative, start=c.start, afhængighed=c.dependency, slut=c.end
                )
                yield Para(((PLAIN, text),))
    if d.frame:
        yield Heading(3, lab["frame"])
        yield Table(
            (lab["year"], lab["frame_amount"], lab["old"], lab["new"], lab["status"]),
            tuple(
                (
                    str(f.year),
                    numbers.amount(f.new_frame if f.new_frame is not None else f.old_frame),
                    numbers.amount(f.old_total),
                    numbers.amount(f.new_total),
                    lab["frame_over"] if f.over else lab["frame_under"],
                )
                for f in d.frame
            ),
        )
    if diff.economy:
        yield Heading(3, lab["workspace_economy"])
        for economy in diff.economy:
            yield from _economy(economy, lab, numbers, level=4)


def _changes(
    changes: list[Change],
    header: tuple[str, str, str, str],
    lab: dict[str, Any],
    numbers: Numbers,
    primary: str,
) -> Changes:
    rows = []
    for change in changes:
        name, old, new, difference = change_row(change, lab, numbers, primary)
        rows.append((name, tuple(old), tuple(new), difference))
    return Changes(header, tuple(rows))


def _economy(
    economy: EconomyDiff, lab: dict[str, Any], numbers: Numbers, level: int = 3
) -> Iterator[Block]:
    yield Heading(level, f"{lab['economy'][economy.kind]} {lab['in_kr']}")
    rows = [*economy_rows(economy, numbers), economy_total(economy, numbers, lab)]
    header = (lab["year"], lab["old"], lab["new"], lab["difference"])
    yield Table(header, tuple(rows), last_row_total=True)


# --- text ---------------------------------------------------------------------------------------

_TEXT_MARKS = {OLD: ("[-", "-]"), NEW: ("{+", "+}"), PLAIN: ("", ""), STRONG: ("", "")}


def as_text(diff: Diff) -> str:
    """Plain text: headings indented by level, a change per line (`field: old → new`)."""
    out: list[str] = []
    indent = ""
    for block in blocks(diff):
        if isinstance(block, Heading):
            if out:
                out.append("")
            out.append("  " * (block.level - 1) + block.text)
            indent = "  " * block.level
        elif isinstance(block, Para):
            out.append(indent + _plain_runs(block.runs))
        elif isinstance(block, Changes):
            out += [indent + _plain_runs(_change_line(row)) for row in block.rows]
        else:
            out += [indent + line for line in _aligned(block)]
    return "\n".join(out)


def _plain_runs(runs: Iterable[Run]) -> str:
    return "".join(f"{_TEXT_MARKS[s][0]}{t}{_TEXT_MARKS[s][1]}" for s, t in runs)


def _change_line(row: tuple[str, tuple[Run, ...], tuple[Run, ...], str]) -> list[Run]:
    name, old, new, difference = row
    runs: list[Run] = [(STRONG, f"{name}: "), *old, (PLAIN, " → "), *new]
    if difference:
        runs.append((PLAIN, f" ({difference})"))
    return runs


def _aligned(table: Table) -> list[str]:
    rows = [table.header, *table.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.header))]
    lines = []
    for row in rows:
        cells = [
            c.ljust(w) if i < table.text_columns else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def print_rich(diff: Diff) -> None:
    """The text in a terminal: removed words red and struck through, added ones green."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table as RichTable
    from rich.text import Text

    styles = {OLD: "red strike", NEW: "green", PLAIN: "", STRONG: "bold"}
    console = Console(highlight=False)

    def text(runs: Iterable[Run], indent: int) -> Text:
        result = Text("  " * indent)
        for style, part in runs:
            result.append(part, style=styles[style])
        return result

    indent = 0
    for block in blocks(diff):
        if isinstance(block, Heading):
            console.print()
            console.print(Text("  " * (block.level - 1) + block.text, style="bold"))
            indent = block.level
        elif isinstance(block, Para):
            console.print(text(block.runs, indent))
        elif isinstance(block, Changes):
            for row in block.rows:
                console.print(text(_change_line(row), indent))
        else:
            table = RichTable(*block.header, box=None, padding=(0, 1, 0, 0))
            for column in table.columns[block.text_columns :]:
                column.justify = "right"
            for row in block.rows:
                table.add_row(*row)
            console.print(Padding(table, (0, 0, 0, 2 * indent)))


# --- Markdown -----------------------------------------------------------------------------------


def as_markdown(diff: Diff) -> str:
    """Headings, and tables for the changes (removed words struck through, added in bold)
    and the amounts."""
    out: list[str] = []
    for block in blocks(diff):
        if isinstance(block, Heading):
            out += [f"{'#' * block.level} {_md(block.text)}", ""]
        elif isinstance(block, Para):
            out += ["".join(_md_run(style, part) for style, part in block.runs), ""]
        elif isinstance(block, Changes):
            out += _md_table(block.header, 1)
            for name, old, new, difference in block.rows:
                cells = [_md(name), _md_runs(old), _md_runs(new), _md(difference)]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
        else:
            out += _md_table(block.header, len(block.header) - block.text_columns)
            for i, row in enumerate(block.rows):
                total = block.last_row_total and i == len(block.rows) - 1
                cells = [f"**{_md(c)}**" if total and c else _md(c) for c in row]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md_table(header: tuple[str, ...], numeric_from_end: int) -> list[str]:
    """The header row and its rule; the last `numeric_from_end` columns right-aligned."""
    plain = len(header) - numeric_from_end
    rule = ["---"] * plain + ["---:"] * numeric_from_end
    return ["| " + " | ".join(_md(c) for c in header) + " |", "|" + "|".join(rule) + "|"]


_MD_SPECIAL = set("\\`*_[]<>|~")


def _md(text: str) -> str:
    """Plain text in Markdown: every character that could be markup escaped (a `#` or
    digits and a point at the start of a heading or paragraph cannot occur here: every
    block starts with our own text)."""
    return "".join(f"\\{c}" if c in _MD_SPECIAL else c for c in text).replace("\n", " ")


def _md_runs(runs: Iterable[Run]) -> str:
    return "".join(_md_run(style, part) for style, part in runs)


def _md_run(style: str, text: str) -> str:
    if not text.strip() or style == PLAIN:
        return _md(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    core = _md(text.strip())
    mark = "~~" if style == OLD else "**"
    return f"{lead}{mark}{core}{mark}{trail}"


# --- JSON -----------------------------------------------------------------------------------------


def as_json(diff: Diff) -> str:
    return json.dumps(_plain(diff), ensure_ascii=False, indent=2)


def _plain(value: Any) -> Any:
    """Dataclasses as objects (a change with its `kind`, and what is computed from it: a
    difference, what a list gained and lost), Decimals as strings with every digit (a float
    would lose some), None as null."""
    if isinstance(value, Decimal):
        return format(money.shown(value), "f")
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        kind = _KINDS.get(type(value))
        if kind:
            data = {"kind": kind, **data}
        if isinstance(value, TextChange):
            data["words"] = [{"op": op, "text": t} for op, t in value.words]
        if isinstance(value, ListChange):
            data |= {"added": list(value.added), "removed": list(value.removed)}
        for name in ("difference", "old_total", "new_total", "empty", "over"):
            if hasattr(type(value), name) and isinstance(getattr(type(value), name), property):
                data[name] = _plain(getattr(value, name))
        return data
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


_KINDS = {TextChange: "text", NumberChange: "number", ListChange: "list", ValueChange: "value"}
