"""The comparison itself: two sides' plans matched, and what changed, as plain data.

Plans are matched by their forvaltning (or, for two named plan files, with each other);
goals, sub-goals, indicators and initiatives by id across the whole workspace, so an item
that moved to another goal or plan is one item that moved, not one removed and one added.
An id that disappeared while one of the same kind appeared in the same plan with nearly the
same title is a possible renaming. Milestones have no id: they are matched by title, then by
year. Amounts and numbers are compared exactly, as `money` reads them (never as floats).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sektorplan.load.yamlfile import Document
from sektorplan.model import money
from sektorplan.model.plan import Goal, Indicator, Initiative, Plan, SubGoal, text_in

ADDED, REMOVED, CHANGED, RENAMED = "added", "removed", "changed", "renamed"
RENAME_SIMILARITY = 0.8  # difflib's ratio of two titles that counts as nearly the same
KINDS = ("mål", "delmål", "indikator", "indsats")
Segment = tuple[str, str]  # ("=", "-" or "+", text): a word kept, removed or added

# --- the changes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TextChange:
    """A text (Tekst) changed in one language; `words` marks the changed words."""

    field: str
    language: str
    old: str
    new: str
    words: tuple[Segment, ...]


NUMBER, AMOUNT, YEAR = "number", "amount", "year"


@dataclass(frozen=True)
class NumberChange:
    """A number changed, was added (`old` None) or removed (`new` None). `unit`: a plain
    number, an amount in kr. or a year (shown without grouping)."""

    field: str
    old: Decimal | None
    new: Decimal | None
    unit: str = NUMBER

    @property
    def difference(self) -> Decimal | None:
        if self.old is None or self.new is None:
            return None
        return money.total([self.new, -self.old])


@dataclass(frozen=True)
class ListChange:
    """A list of ids or codes changed: what was added to it and removed from it."""

    field: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(x for x in self.new if x not in self.old)

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(x for x in self.old if x not in self.new)


@dataclass(frozen=True)
class ValueChange:
    """Any other value (a choice, a code, a date, where an item stands): old → new."""

    field: str
    old: str | None
    new: str | None


Change = TextChange | NumberChange | ListChange | ValueChange


@dataclass
class ItemDiff:
    """One goal, sub-goal, indicator or initiative that was added, removed, changed or
    (possibly) renamed: then `old_id` is the id it had."""

    kind: str
    id: str
    title: str
    status: str
    changes: list[Change] = field(default_factory=list)
    old_id: str | None = None


@dataclass(frozen=True)
class YearAmounts:
    year: int
    old: Decimal
    new: Decimal

    @property
    def difference(self) -> Decimal:
        return money.total([self.new, -self.old])


@dataclass
class EconomyDiff:
    """Construction (`anlæg`) or operation (`drift`) by year, old and new, for every year
    with an amount on either side; kept only when some year differs."""

    kind: str
    years: list[YearAmounts]

    @property
    def old_total(self) -> Decimal:
        return money.total(y.old for y in self.years)

    @property
    def new_total(self) -> Decimal:
        return money.total(y.new for y in self.years)

    @property
    def difference(self) -> Decimal:
        return money.total([self.new_total, -self.old_total])


@dataclass
class PlanDiff:
    """One plan: added, removed or changed, with its own fields, its items and economy."""

    key: str
    title: str
    status: str
    old_file: str | None
    new_file: str | None
    changes: list[Change] = field(default_factory=list)
    items: list[ItemDiff] = field(default_factory=list)
    economy: list[EconomyDiff] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.status == CHANGED and not (self.changes or self.items or self.economy)


# --- the sides' items ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSide:
    """What the comparison needs of one side: its plans (document, plan, the name the plan
    is matched by), the primary language and every indicator's merged measurements."""

    plans: list[tuple[Document, Plan, str]]
    language: str
    measurements: Mapping[str, Mapping[int, int | float]]
    file_names: Mapping[int, str]  # id(document) -> its name in the workspace


@dataclass(frozen=True)
class _Item:
    kind: str
    model: Any
    plan: str  # the key of the plan it is in
    parent: str  # where it stands: the plan's key, or the goal or sub-goal it is under
    order: int


def _items(side: PlanSide) -> dict[str, _Item]:
    items: dict[str, _Item] = {}

    def add(kind: str, model: Any, plan: str, parent: str) -> None:
        items.setdefault(model.id, _Item(kind, model, plan, parent, len(items)))

    for _, plan, key in side.plans:
        for goal in plan.goals:
            add("mål", goal, key, key)
            for sub in goal.sub_goals:
                add("delmål", sub, key, goal.id)
                for ind in sub.indicators:
                    add("indikator", ind, key, sub.id)
        for initiative in plan.initiatives:
            add("indsats", initiative, key, key)
    return items


def title_of(model: Any, language: str) -> str:
    """An item's title (an indicator's name) in `language`."""
    value = model.name if isinstance(model, Indicator) else model.title
    return text_in(value, language, language)


# --- comparing -------------------------------------------------------------------------------


def compare_plans(old: PlanSide, new: PlanSide) -> list[PlanDiff]:
    """Every plan that was added, removed or changed, in the new side's order (removed plans
    last), each with its items in the order they are written."""
    old_items, new_items = _items(old), _items(new)
    by_plan: dict[str, list[tuple[int, ItemDiff]]] = defaultdict(list)
    for id_, item in new_items.items():
        before = old_items.get(id_)
        if before is None or before.kind != item.kind:
            continue
        changes = _item_changes(before, item, old, new)
        if changes:
            diff = ItemDiff(item.kind, id_, title_of(item.model, new.language), CHANGED, changes)
            by_plan[item.plan].append((item.order, diff))
    added = [i for i in new_items if not _same_kind(old_items.get(i), new_items[i])]
    removed = [i for i in old_items if not _same_kind(new_items.get(i), old_items[i])]
    renamed = _renamings(removed, added, old_items, new_items, old.language, new.language)
    for old_id, new_id in renamed:
        before, item = old_items[old_id], new_items[new_id]
        diff = ItemDiff(
            item.kind,
            new_id,
            title_of(item.model, new.language),
            RENAMED,
            _item_changes(before, item, old, new),
            old_id=old_id,
        )
        by_plan[item.plan].append((item.order, diff))
    paired_old = {o for o, _ in renamed}
    paired_new = {n for _, n in renamed}
    for id_ in added:
        if id_ not in paired_new:
            item = new_items[id_]
            diff = ItemDiff(item.kind, id_, title_of(item.model, new.language), ADDED)
            by_plan[item.plan].append((item.order, diff))
    for id_ in removed:
        if id_ not in paired_old:
            item = old_items[id_]
            diff = ItemDiff(item.kind, id_, title_of(item.model, old.language), REMOVED)
            by_plan[item.plan].append((len(new_items) + item.order, diff))

    old_plans = {key: (doc, plan) for doc, plan, key in old.plans}
    result = []
    for doc, plan, key in new.plans:
        before = old_plans.get(key)
        plan_diff = PlanDiff(
            key,
            text_in(plan.title, new.language, new.language),
            CHANGED if before else ADDED,
            old.file_names.get(id(before[0])) if before else None,
            new.file_names.get(id(doc)),
        )
        if before:
            plan_diff.changes = _plan_changes(before[1], plan, old.language, new.language)
            plan_diff.economy = economy_diff([before[1]], [plan])
        else:
            plan_diff.economy = economy_diff([], [plan])
        plan_diff.items = [d for _, d in sorted(by_plan.pop(key, []), key=lambda x: x[0])]
        if not plan_diff.empty:
            result.append(plan_diff)
    new_keys = {key for _, _, key in new.plans}
    for doc, plan, key in old.plans:
        if key in new_keys:
            continue
        plan_diff = PlanDiff(
            key,
            text_in(plan.title, old.language, old.language),
            REMOVED,
            old.file_names.get(id(doc)),
            None,
        )
        plan_diff.economy = economy_diff([plan], [])
        plan_diff.items = [d for _, d in sorted(by_plan.pop(key, []), key=lambda x: x[0])]
        result.append(plan_diff)
    return result


def _same_kind(other: _Item | None, item: _Item) -> bool:
    return other is not None and other.kind == item.kind


def _renamings(
    removed: list[str],
    added: list[str],
    old_items: dict[str, _Item],
    new_items: dict[str, _Item],
    old_language: str,
    new_language: str,
) -> list[tuple[str, str]]:
    """Pairs (old id, new id) of the same kind in the same plan whose titles are nearly the
    same, the most alike first, each id in at most one pair."""
    candidates: dict[tuple[str, str], list[str]] = defaultdict(list)
    for id_ in added:
        item = new_items[id_]
        candidates[item.kind, item.plan].append(id_)
    scored = []
    for old_id in removed:
        before = old_items[old_id]
        old_title = title_of(before.model, old_language).casefold()
        for new_id in candidates.get((before.kind, before.plan), []):
            new_title = title_of(new_items[new_id].model, new_language).casefold()
            matcher = difflib.SequenceMatcher(None, old_title, new_title, autojunk=False)
            if (
                matcher.real_quick_ratio() >= RENAME_SIMILARITY
                and matcher.quick_ratio() >= RENAME_SIMILARITY
                and (ratio := matcher.ratio()) >= RENAME_SIMILARITY
            ):
                scored.append((-ratio, old_id, new_id))
    pairs, used_old, used_new = [], set(), set()
    for _, old_id, new_id in sorted(scored):
        if old_id not in used_old and new_id not in used_new:
            pairs.append((old_id, new_id))
            used_old.add(old_id)
            used_new.add(new_id)
    return pairs


def _item_changes(before: _Item, item: _Item, old: PlanSide, new: PlanSide) -> list[Change]:
    changes: list[Change] = []
    if before.parent != item.parent:
        changes.append(ValueChange("placering", before.parent, item.parent))
    a, b = before.model, item.model
    if isinstance(a, Indicator):
        measured = old.measurements.get(a.id, {}), new.measurements.get(b.id, {})
        if a == b and measured[0] == measured[1]:
            return changes
        changes += _indicator_changes(a, b, *measured, old.language, new.language)
        return changes
    if a == b:
        return changes
    if isinstance(a, Goal):
        changes += _goal_changes(a, b, old.language, new.language)
    elif isinstance(a, SubGoal):
        changes += _texts("titel", a.title, b.title, old.language, new.language)
        changes += _texts("beskrivelse", a.description, b.description, old.language, new.language)
        changes += _lists("verdensmål", a.sdgs, b.sdgs)
    elif isinstance(a, Initiative):
        changes += _initiative_changes(a, b, old.language, new.language)
    return changes


def _goal_changes(a: Goal, b: Goal, la: str, lb: str) -> list[Change]:
    return [
        *_texts("titel", a.title, b.title, la, lb),
        *_texts("beskrivelse", a.description, b.description, la, lb),
        *_lists("kerneværdier", a.core_values, b.core_values),
        *_lists("verdensmål", a.sdgs, b.sdgs),
    ]


def _indicator_changes(
    a: Indicator,
    b: Indicator,
    measured_a: Mapping[int, int | float],
    measured_b: Mapping[int, int | float],
    la: str,
    lb: str,
) -> list[Change]:
    return [
        *_texts("navn", a.name, b.name, la, lb),
        *_values("enhed", a.unit, b.unit),
        *_values("retning", a.direction, b.direction),
        *_texts("kilde", a.source, b.source, la, lb),
        *_values("sdg-indikator", a.sdg_indicator, b.sdg_indicator),
        *_numbers("basis.år", a.baseline.year, b.baseline.year, YEAR),
        *_numbers("basis.værdi", a.baseline.value, b.baseline.value),
        *_by_year("målværdier", a.targets, b.targets),
        *_by_year("målinger", measured_a, measured_b),
    ]


def _initiative_changes(a: Initiative, b: Initiative, la: str, lb: str) -> list[Change]:
    changes: list[Change] = [
        *_texts("titel", a.title, b.title, la, lb),
        *_texts("beskrivelse", a.description, b.description, la, lb),
        *_values("type", a.type, b.type),
        *_lists("bidrager-til", a.contributes_to, b.contributes_to),
        *_numbers("start", a.start, b.start, YEAR),
        *_numbers("slut", a.end, b.end, YEAR),
        *_lists("steder", a.places, b.places),
        *_texts("ansvarlig", a.owner, b.owner, la, lb),
        *_lists("afhænger-af", a.depends_on, b.depends_on),
        *_lists("kommuneplan", a.municipal_plan, b.municipal_plan),
        *_texts("finansiering", a.funding, b.funding, la, lb),
    ]
    for kind in ("anlæg", "drift"):
        changes += _by_year(f"økonomi.{kind}", _amounts(a, kind), _amounts(b, kind), AMOUNT)
    changes += _milestones(a, b, la, lb)
    return changes


def _amounts(initiative: Initiative, kind: str) -> Mapping[int, int | float]:
    economy = initiative.economy
    if economy is None:
        return {}
    return economy.construction if kind == "anlæg" else economy.operation


def _milestones(a: Initiative, b: Initiative, la: str, lb: str) -> list[Change]:
    """Milestones matched by title (a moved year), then the rest by year (a new title);
    what is left was added or removed."""
    old = [(m.year, text_in(m.title, la, la), m.title) for m in a.milestones]
    new = [(m.year, text_in(m.title, lb, lb), m.title) for m in b.milestones]
    changes: list[Change] = []
    for year, title, value in list(new):
        match = next((m for m in old if m[1] == title), None)
        if match:
            old.remove(match)
            new.remove((year, title, value))
            changes += _numbers(f"milepæle[{title}].år", match[0], year, YEAR)
    for year, title, value in list(new):
        match = next((m for m in old if m[0] == year), None)
        if match:
            old.remove(match)
            new.remove((year, title, value))
            changes += _texts(f"milepæle[{year}].titel", match[2], value, la, lb)
    changes += [ValueChange("milepæle", f"{year}: {title}", None) for year, title, _ in old]
    changes += [ValueChange("milepæle", None, f"{year}: {title}") for year, title, _ in new]
    return changes


def _plan_changes(a: Plan, b: Plan, la: str, lb: str) -> list[Change]:
    def period(plan: Plan) -> str | None:
        return f"{plan.period.start}–{plan.period.end}" if plan.period else None

    return [
        *_values("forvaltning", a.department, b.department),
        *_texts("titel", a.title, b.title, la, lb),
        *_values("status", a.status, b.status),
        *_values("vedtaget", _date(a), _date(b)),
        *_values("version", a.version, b.version),
        *_values("ansvarlig.navn", a.owner.name, b.owner.name),
        *_values("ansvarlig.email", a.owner.email, b.owner.email),
        *_values("periode", period(a), period(b)),
        *_texts("vision", a.vision, b.vision, la, lb),
        *_texts("udgangspunkt", a.status_description, b.status_description, la, lb),
    ]


def _date(plan: Plan) -> str | None:
    return plan.adopted.isoformat() if plan.adopted else None


# --- one field -------------------------------------------------------------------------------


def _values(name: str, old: Any, new: Any) -> Iterator[Change]:
    if old != new:
        yield ValueChange(
            name, None if old is None else str(old), None if new is None else str(new)
        )


def _numbers(name: str, old: Any, new: Any, unit: str = NUMBER) -> Iterator[Change]:
    a = None if old is None else money.exact(old)
    b = None if new is None else money.exact(new)
    if a != b:
        yield NumberChange(name, a, b, unit)


def _by_year(
    name: str, old: Mapping[int, Any], new: Mapping[int, Any], unit: str = NUMBER
) -> Iterator[Change]:
    for year in sorted(set(old) | set(new)):
        yield from _numbers(f"{name}.{year}", old.get(year), new.get(year), unit)


def _lists(name: str, old: Iterable[str], new: Iterable[str]) -> Iterator[Change]:
    a, b = tuple(old), tuple(new)
    if a != b:
        yield ListChange(name, a, b)


def _texts(name: str, old: Any, new: Any, la: str, lb: str) -> Iterator[Change]:
    """A Tekst compared language by language (a plain string is the primary language's)."""
    a, b = _by_language(old, la), _by_language(new, lb)
    if a == b:
        return
    for language in dict.fromkeys([*a, *b]):
        before, after = a.get(language, ""), b.get(language, "")
        if before != after:
            yield TextChange(name, language, before, after, tuple(marked_words(before, after)))


def _by_language(value: Any, primary: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {primary: value}
    return dict(value)


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def marked_words(old: str, new: str) -> Iterator[Segment]:
    """The new text word by word against the old: ("=", kept), ("-", removed), ("+", added).
    Whitespace between two changes stays with them, so a changed phrase reads as one."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("+", "".join(b[j1:j2])))
    yield from _joined(segments)


def _joined(segments: list[Segment]) -> Iterator[Segment]:
    """Kept whitespace alone between two changes joins them; changes next to each other
    become one removed and one added text."""
    pending = {"-": "", "+": ""}
    last = len(segments) - 1
    for i, (op, text) in enumerate(segments):
        if op == "=" and not text.strip() and 0 < i < last and segments[i + 1][0] != "=":
            pending["-"] += text
            pending["+"] += text
        elif op == "=":
            yield from _flush(pending)
            yield (op, text)
        else:
            pending[op] += text
    yield from _flush(pending)


def _flush(pending: dict[str, str]) -> Iterator[Segment]:
    for op in ("-", "+"):
        if pending[op]:
            yield (op, pending[op])
            pending[op] = ""


# --- economy ---------------------------------------------------------------------------------


def economy_diff(old: Iterable[Plan], new: Iterable[Plan]) -> list[EconomyDiff]:
    """Construction and operation by year, old against new, summed over the plans given;
    only a kind in which some year differs."""
    old, new = list(old), list(new)
    result = []
    for kind in ("anlæg", "drift"):
        a, b = _yearly(old, kind), _yearly(new, kind)
        years = [
            YearAmounts(y, a.get(y, Decimal(0)), b.get(y, Decimal(0))) for y in sorted({*a, *b})
        ]
        if any(y.old != y.new for y in years):
            result.append(EconomyDiff(kind, years))
    return result


def _yearly(plans: list[Plan], kind: str) -> dict[int, Decimal]:
    amounts: dict[int, list[int | float]] = defaultdict(list)
    for plan in plans:
        for initiative in plan.initiatives:
            for year, value in _amounts(initiative, kind).items():
                amounts[year].append(value)
    return {year: money.total(values) for year, values in amounts.items()}
