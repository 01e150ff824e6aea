"""The meaning rules: what a schema cannot see, within a plan and across the whole workspace.

Each check is a function that yields findings; `check_workspace` runs them all over the
plans that passed the schema. Locations are written with the Danish keys, as in the files.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel

from sektorplan.findings import Finding, format_path, readable_place
from sektorplan.load.logo import logo_problem
from sektorplan.load.workspace import UncheckedIds, Workspace, shown_path
from sektorplan.load.yamlfile import Document, Loc
from sektorplan.model import money
from sektorplan.model.periods import PLACEHOLDER, current_year, four_year_periods
from sektorplan.model.plan import LANGUAGES, Goal, Initiative, Plan, Tekst, WorkspaceConfig
from sektorplan.model.sdg import known_ids
from sektorplan.paths import file_part, is_inside

MAX_SUB_GOALS = 20


@dataclass(frozen=True)
class Site:
    """Where an id is defined: the document, its location and what kind of thing it is."""

    doc: Document
    loc: Loc
    kind: str  # "mål", "delmål", "indikator", "indsats"
    item: Any
    plan: Plan

    def where(self) -> str:
        line, _ = self.doc.position(self.loc)
        return f"{shown_path(self.doc.path)} linje {line}"


class Context:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.config: WorkspaceConfig | None = ws.config
        self.plans = ws.valid_plans
        self.sites: dict[str, list[Site]] = defaultdict(list)
        for doc, plan in self.plans:
            for site in _sites(doc, plan):
                self.sites[site.item.id].append(site)
        # Ids that plans which failed to load may define: a reference to one of them is not
        # reported as unknown, so one broken plan does not flood the others with findings.
        self.unchecked_ids = UncheckedIds(ws.plans)

    def site(self, id_: str, *kinds: str) -> Site | None:
        return next((s for s in self.sites.get(id_, []) if s.kind in kinds), None)


def _sites(doc: Document, plan: Plan) -> Iterator[Site]:
    for gi, goal in enumerate(plan.goals):
        yield Site(doc, ("mål", gi, "id"), "mål", goal, plan)
        for si, sub in enumerate(goal.sub_goals):
            yield Site(doc, ("mål", gi, "delmål", si, "id"), "delmål", sub, plan)
            for ii, ind in enumerate(sub.indicators):
                loc = ("mål", gi, "delmål", si, "indikatorer", ii, "id")
                yield Site(doc, loc, "indikator", ind, plan)
    for ni, initiative in enumerate(plan.initiatives):
        yield Site(doc, ("indsatser", ni, "id"), "indsats", initiative, plan)


Check = Callable[[Context], Iterator[Finding]]
CHECKS: list[Check] = []


def check(func: Check) -> Check:
    CHECKS.append(func)
    return func


def check_workspace(ws: Workspace) -> list[Finding]:
    ctx = Context(ws)
    return [finding for func in CHECKS for finding in func(ctx)]


# --- the configuration -----------------------------------------------------------------------


@check
def config_consistency(ctx: Context) -> Iterator[Finding]:
    config, doc = ctx.config, ctx.ws.config_doc
    if config is None or doc is None:
        return
    if config.period.start > config.period.end:
        yield doc.finding(
            "SP219",
            f"periode går fra {config.period.start} til "
            f"{config.period.end}; fra skal være før til. Byt om på årene.",
            ("periode",),
        )
    for key, items in (
        ("kerneværdier", config.core_values),
        ("forvaltninger", config.departments),
        ("steder", config.places),
    ):
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in first:
                line, _ = doc.position((key, first[item.id]))
                yield doc.finding(
                    "SP209",
                    f"Id'et «{item.id}» står også i linje {line} under "
                    f"{key}. Giv hver sit eget id.",
                    (key, i, "id"),
                )
            first.setdefault(item.id, i)
    named: dict[str, int] = {}
    for i, place in enumerate(config.places):
        name = file_part(place.id, exact=False)
        other = named.setdefault(name, i)
        if other != i and config.places[other].id != place.id:
            line, _ = doc.position(("steder", other))
            yield doc.finding(
                "SP234",
                f"Stedet «{place.id}» og stedet «{config.places[other].id}» i linje {line} "
                f"ville begge få siden steder/{name}.html på websitet (store og små bogstaver "
                "skelnes ikke i filnavne). Giv dem id'er, der er forskellige i mere end det.",
                ("steder", i, "id"),
            )
    for year in config.construction_frame:
        if not config.period.start <= year <= config.period.end:
            yield doc.finding(
                "SP211",
                f"anlægsramme for {year} ligger uden for perioden "
                f"{_span(config)}. Ret året, eller fjern det.",
                ("anlægsramme", year),
                key=True,
            )
    yield from _texts(ctx, doc, config, ())


@check
def word_template(ctx: Context) -> Iterator[Finding]:
    """`word-skabelon` names a file, relative to the workspace, as the renderer finds it."""
    config, doc = ctx.config, ctx.ws.config_doc
    if config is None or doc is None or not config.word_template:
        return
    path = ctx.ws.root / config.word_template
    try:
        exists = path.is_file()
    except OSError:  # e.g. a name too long for the file system
        exists = False
    if not exists:
        yield doc.finding(
            "SP010",
            f"Word-skabelonen {shown_path(path)} findes ikke. Ret stien (den regnes fra "
            "arbejdsområdets mappe), eller fjern word-skabelon for at bruge standardskabelonen.",
            ("word-skabelon",),
        )
    elif not is_inside(path, ctx.ws.root):
        yield doc.finding(
            "SP009",
            f"Word-skabelonen {shown_path(path)} ligger uden for arbejdsområdet (eller er et "
            "symbolsk link ud af det), og en skabelon læses kun i arbejdsområdet. Læg "
            "skabelonen i arbejdsområdet, fx i skabeloner/.",
            ("word-skabelon",),
        )


@check
def logo(ctx: Context) -> Iterator[Finding]:
    """`logo` is a PNG, JPEG or SVG inside the workspace, at most 5 MB."""
    config, doc = ctx.config, ctx.ws.config_doc
    if config is None or doc is None or config.logo is None:
        return
    problem = logo_problem(ctx.ws.root, config.logo)
    if problem:
        yield doc.finding("SP011", problem, ("logo",))


# Keys whose value is a text a person reads (a Tekst): a comment after one on the same line
# is most likely meant as part of the text (`titel: Nye skoler #1 prioritet`).
_TEXT_KEYS = {
    "titel", "vision", "udgangspunkt", "beskrivelse", "navn", "kilde", "ansvarlig",
    "finansiering", "kommune", "planstrategi",
}  # fmt: skip


@check
def comments_after_text(ctx: Context) -> Iterator[Finding]:
    for doc in ctx.ws.documents:
        for loc, line, column, comment in doc.comments_after_text:
            keys = [part for part in loc if isinstance(part, str)]
            key = keys[-1] if keys else ""
            if key in LANGUAGES and len(keys) > 1 and loc[-1] == key:
                key = keys[-2]
            if key not in _TEXT_KEYS:
                continue
            text = _value_at(doc.data, loc)
            whole = f"{text} #{comment}".rstrip()
            quoted = f'"{whole}"' if '"' not in whole else f"'{whole}'"
            yield Finding(
                "SP311",
                f"Teksten slutter ved «{text}»: resten af linjen, «#{comment.rstrip()}», læses "
                f"som en kommentar og kommer ikke med. Hører det til teksten, så sæt hele "
                f"teksten i anførselstegn: {loc[-1]}: {quoted}",
                doc.path,
                line,
                column,
                format_path(loc, doc.data),
                readable_place(loc, doc.data),
            )


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


# --- references ------------------------------------------------------------------------------


@check
def references(ctx: Context) -> Iterator[Finding]:
    for doc, plan in ctx.plans:
        yield from _config_references(ctx, doc, plan)
        yield from _sdg_references(ctx, doc, plan)
        for ni, initiative in enumerate(plan.initiatives):
            for ri, ref in enumerate(initiative.contributes_to):
                if ctx.site(ref, "mål", "delmål") is None and ref not in ctx.unchecked_ids:
                    yield doc.finding(
                        "SP207",
                        _unknown(ref, "et mål eller delmål", ctx, "mål", "delmål"),
                        ("indsatser", ni, "bidrager-til", ri),
                    )
            for ri, ref in enumerate(initiative.depends_on):
                if ctx.site(ref, "indsats") is None and ref not in ctx.unchecked_ids:
                    yield doc.finding(
                        "SP208",
                        _unknown(ref, "en indsats", ctx, "indsats"),
                        ("indsatser", ni, "afhænger-af", ri),
                    )


def _config_references(ctx: Context, doc: Document, plan: Plan) -> Iterator[Finding]:
    config = ctx.config
    if config is None:
        return
    if config.department(plan.department) is None:
        known = ", ".join(d.id for d in config.departments)
        yield doc.finding(
            "SP201",
            f"Forvaltningen «{plan.department}» findes ikke i "
            f"sektorplan.yaml. Brug en af: {known}.",
            ("forvaltning",),
        )
    values = {v.id for v in config.core_values}
    for gi, goal in enumerate(plan.goals):
        for vi, value in enumerate(goal.core_values):
            if value not in values:
                yield doc.finding(
                    "SP202",
                    f"Kerneværdien «{value}» findes ikke i "
                    f"sektorplan.yaml. Brug en af: {', '.join(sorted(values))}.",
                    ("mål", gi, "kerneværdier", vi),
                )
    places = {p.id for p in config.places}
    for ni, initiative in enumerate(plan.initiatives):
        for pi, place in enumerate(initiative.places):
            if place not in places:
                yield doc.finding(
                    "SP203",
                    _did_you_mean(
                        f"Stedet «{place}» findes ikke i sektorplan.yaml.",
                        place,
                        places,
                        "Brug et af steders id'er.",
                    ),
                    ("indsatser", ni, "steder", pi),
                )


def _sdg_references(ctx: Context, doc: Document, plan: Plan) -> Iterator[Finding]:
    catalogue = known_ids()
    for gi, goal in enumerate(plan.goals):
        refs = [(("mål", gi, "verdensmål", ri), r) for ri, r in enumerate(goal.sdgs)]
        for si, sub in enumerate(goal.sub_goals):
            base = ("mål", gi, "delmål", si)
            refs += [((*base, "verdensmål", ri), r) for ri, r in enumerate(sub.sdgs)]
            for ii, ind in enumerate(sub.indicators):
                if ind.sdg_indicator and ind.sdg_indicator not in catalogue.indicators:
                    yield doc.finding(
                        "SP206",
                        f"FN-indikatoren «{ind.sdg_indicator}» findes "
                        "ikke. Find den rigtige med `sektorplan sdg`.",
                        (*base, "indikatorer", ii, "sdg-indikator"),
                    )
        for loc, ref in refs:
            if not catalogue.has_reference(ref):
                yield doc.finding(
                    "SP205",
                    f"Verdensmålet «{ref}» findes ikke. Skriv et mål fra "
                    '1 til 17 eller et delmål som "4.1"; find det med '
                    "`sektorplan sdg`.",
                    loc,
                )


def _unknown(ref: str, what: str, ctx: Context, *kinds: str) -> str:
    known = {id_ for id_, sites in ctx.sites.items() if any(s.kind in kinds for s in sites)}
    return _did_you_mean(
        f"«{ref}» er ikke {what} i arbejdsområdet.", ref, known, f"Skriv id'et på {what}."
    )


def _did_you_mean(text: str, value: str, known: set[str], otherwise: str) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"{text} Mente du «{close[0]}»?" if close else f"{text} {otherwise}"


# --- ids ---------------------------------------------------------------------------------------


@check
def duplicate_ids(ctx: Context) -> Iterator[Finding]:
    for id_, sites in ctx.sites.items():
        if len(sites) < 2:
            continue
        for site in sites:
            others = "; ".join(o.where() for o in sites if o is not site)
            yield site.doc.finding(
                "SP209",
                f"Id'et «{id_}» bruges også i {others}. Ids skal "
                "være entydige i hele arbejdsområdet; giv det et nyt id.",
                site.loc,
            )


@check
def same_department(ctx: Context) -> Iterator[Finding]:
    first: dict[str, Document] = {}
    for doc, plan in ctx.plans:
        if plan.department in first:
            other = shown_path(first[plan.department].path)
            yield doc.finding(
                "SP309",
                f"{other} er også en plan for {plan.department}. Hver forvaltning skriver én "
                "plan; slå dem sammen, eller ret forvaltning.",
                ("forvaltning",),
            )
        first.setdefault(plan.department, doc)


# --- years and periods -----------------------------------------------------------------------


@check
def years(ctx: Context) -> Iterator[Finding]:
    for doc, plan in ctx.plans:
        yield from _plan_period(ctx, doc, plan)
        for loc, ind in _indicators(plan):
            first_target = min(ind.targets)
            if ind.baseline.year >= first_target:
                yield doc.finding(
                    "SP213",
                    f"Basisåret {ind.baseline.year} skal ligge før den "
                    f"første målværdi ({first_target}). Ret basis.år eller "
                    "målværdierne.",
                    (*loc, "basis", "år"),
                )
            for year in ind.measurements:
                if year < ind.baseline.year:
                    yield doc.finding(
                        "SP214",
                        f"Målingen fra {year} er fra før basisåret "
                        f"{ind.baseline.year}. Flyt den til basis, eller ret året.",
                        (*loc, "målinger", year),
                        key=True,
                    )
        for ni, initiative in enumerate(plan.initiatives):
            if initiative.start > initiative.end:
                yield doc.finding(
                    "SP212",
                    f"{initiative.id} starter i {initiative.start}, men "
                    f"slutter i {initiative.end}. Ret start eller slut.",
                    ("indsatser", ni, "start"),
                )


@check
def suspicious_years(ctx: Context) -> Iterator[Finding]:
    """Years that are valid numbers but most likely typed wrong: a measurement after the
    period (2205 for 2025), a measurement from a year that has not come (the current year
    from SOURCE_DATE_EPOCH when set), money outside the initiative's own years."""
    config = ctx.config
    if config is None:
        return
    this_year = current_year()
    end = config.period.end
    for doc, plan in ctx.plans:
        for loc, ind in _indicators(plan):
            for year in ind.measurements:
                where = (*loc, "målinger", year)
                if year > end:
                    yield doc.finding(
                        "SP211",
                        f"Målingen for {year} ligger efter periodens slutning ({end}). Ret året.",
                        where,
                        key=True,
                    )
                elif year > this_year:
                    yield doc.finding(
                        "SP312",
                        f"Målingen for {year} er fra et år, der ikke er kommet endnu (det er "
                        f"{this_year}). Ret året; indtil da tæller målingen ikke med i "
                        "indikatorens status.",
                        where,
                        key=True,
                    )
        for ni, initiative in enumerate(plan.initiatives):
            economy = initiative.economy
            for kind, amounts in (
                (("anlæg", economy.construction), ("drift", economy.operation)) if economy else ()
            ):
                for year in amounts:
                    outside_period = not config.period.start <= year <= end  # SP211 says it
                    # What is built is run afterwards: a construction's operating costs
                    # after its last year are expected.
                    running = kind == "drift" and initiative.type == "anlæg"
                    if running and year > initiative.end:
                        continue
                    if not outside_period and not initiative.start <= year <= initiative.end:
                        yield doc.finding(
                            "SP313",
                            f"økonomi.{kind} har et beløb i {year}, men {initiative.id} løber "
                            f"{_span_of(initiative.start, initiative.end)}. Ret året, eller ret "
                            "start eller slut.",
                            ("indsatser", ni, "økonomi", kind, year),
                            key=True,
                        )


def _span_of(start: int, end: int) -> str:
    return f"i {start}" if start == end else f"fra {start} til {end}"


def _plan_period(ctx: Context, doc: Document, plan: Plan) -> Iterator[Finding]:
    config = ctx.config
    if config is None:
        return
    if plan.period is not None and plan.period != config.period:
        yield doc.finding(
            "SP210",
            f"Planens periode er {plan.period.start}–{plan.period.end}, "
            f"men arbejdsområdets er {_span(config)}. Ret den, eller fjern "
            "periode fra planen.",
            ("periode",),
        )
    start, end = config.period.start, config.period.end

    def outside(year: int, what: str, loc: Loc, key: bool = False) -> Iterator[Finding]:
        if not start <= year <= end:
            yield doc.finding(
                "SP211",
                f"{what} {year} ligger uden for perioden {_span(config)}. Ret året.",
                loc,
                key=key,
            )

    for loc, ind in _indicators(plan):
        for year in ind.targets:
            yield from outside(year, "Målværdien for", (*loc, "målværdier", year), True)
    for ni, initiative in enumerate(plan.initiatives):
        base = ("indsatser", ni)
        yield from outside(initiative.start, "start", (*base, "start"))
        yield from outside(initiative.end, "slut", (*base, "slut"))
        economy = initiative.economy
        for kind, amounts in (
            (("anlæg", economy.construction), ("drift", economy.operation)) if economy else ()
        ):
            for year in amounts:
                yield from outside(
                    year, f"økonomi.{kind} for", (*base, "økonomi", kind, year), True
                )
        for mi, milestone in enumerate(initiative.milestones):
            yield from outside(milestone.year, "Milepælen i", (*base, "milepæle", mi, "år"))


def _span(config: WorkspaceConfig) -> str:
    return f"{config.period.start}–{config.period.end}"


def _indicators(plan: Plan) -> Iterator[tuple[Loc, Any]]:
    for gi, goal in enumerate(plan.goals):
        for si, sub in enumerate(goal.sub_goals):
            for ii, ind in enumerate(sub.indicators):
                yield ("mål", gi, "delmål", si, "indikatorer", ii), ind


@check
def adoption(ctx: Context) -> Iterator[Finding]:
    for doc, plan in ctx.plans:
        if plan.status == "vedtaget" and plan.adopted is None:
            yield doc.finding(
                "SP215",
                "status er vedtaget, men datoen mangler. Tilføj vedtaget: ÅÅÅÅ-MM-DD.",
                ("status",),
            )
        elif plan.status != "vedtaget" and plan.adopted is not None:
            yield doc.finding(
                "SP215",
                f"Planen har en vedtagelsesdato, men status er "
                f"{plan.status}. Sæt status: vedtaget, eller fjern vedtaget.",
                ("vedtaget",),
            )


# --- dependencies ----------------------------------------------------------------------------


def _initiatives(ctx: Context) -> dict[str, Site]:
    return {
        id_: site for id_, sites in ctx.sites.items() for site in sites if site.kind == "indsats"
    }


@check
def dependency_cycles(ctx: Context) -> Iterator[Finding]:
    nodes = _initiatives(ctx)
    graph = {id_: [d for d in s.item.depends_on if d in nodes] for id_, s in nodes.items()}
    for cycle in _cycles(graph):
        first = cycle[0]
        site = nodes[first]
        index = site.item.depends_on.index(cycle[1] if len(cycle) > 1 else first)
        ring = [*cycle, first]
        if len(ring) > 8:  # a long ring: its start and end, and how many
            ring = [*ring[:4], f"… ({len(cycle)} indsatser i alt) …", *ring[-3:]]
        shown = " → ".join(ring)
        yield site.doc.finding(
            "SP216",
            f"Indsatserne afhænger af hinanden i ring: {shown}. Fjern en af afhængighederne.",
            (*site.loc[:-1], "afhænger-af", index),
        )


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected component (Tarjan), each starting at its least id."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(root: str) -> None:
        # Iterative, with an explicit stack of (node, successors not yet looked at): a chain
        # of a thousand dependencies would pass Python's recursion limit.
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, successors = work[-1]
            succ = next(successors, None)
            if succ is not None:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(graph[succ])))
                elif succ in on_stack:
                    low[node] = min(low[node], index[succ])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_walk_cycle(graph, set(c), min(c)) for c in components]


def _walk_cycle(graph: dict[str, list[str]], members: set[str], start: str) -> list[str]:
    """A path through the component from `start` back to it."""
    path, seen = [start], {start}
    while True:
        nxt = next((n for n in graph[path[-1]] if n in members), start)
        if nxt == start or nxt in seen:
            return path
        path.append(nxt)
        seen.add(nxt)


@dataclass(frozen=True)
class TimingConflict:
    """Initiative `site` starts before `dependency`, which it depends on (its `afhænger-af`
    entry `index`), ends: the timing conflict of SP310, which `sektorplan diff` compares."""

    site: Site
    index: int
    dependency: Site


def timing_conflicts(ctx: Context) -> Iterator[TimingConflict]:
    nodes = _initiatives(ctx)
    for site in nodes.values():
        initiative: Initiative = site.item
        for ri, dep_id in enumerate(initiative.depends_on):
            dep = nodes.get(dep_id)
            if dep and dep_id != initiative.id and initiative.start < dep.item.end:
                yield TimingConflict(site, ri, dep)


@check
def timing(ctx: Context) -> Iterator[Finding]:
    for conflict in timing_conflicts(ctx):
        initiative, dep = conflict.site.item, conflict.dependency.item
        yield conflict.site.doc.finding(
            "SP310",
            f"{initiative.id} starter i {initiative.start}, men afhænger af "
            f"{dep.id}, der først slutter i {dep.end}.",
            (*conflict.site.loc[:-1], "afhænger-af", conflict.index),
        )


# --- warnings on content ---------------------------------------------------------------------


@check
def target_direction(ctx: Context) -> Iterator[Finding]:
    for doc, plan in ctx.plans:
        for loc, ind in _indicators(plan):
            base = ind.baseline.value
            for year, value in ind.targets.items():
                wrong = value < base if ind.direction == "op" else value > base
                if wrong:
                    word = "under" if ind.direction == "op" else "over"
                    better = "højere" if ind.direction == "op" else "lavere"
                    yield doc.finding(
                        "SP301",
                        f"Målværdien for {year} ({value}) ligger {word} "
                        f"basis ({base}), men retning er {ind.direction}, så "
                        f"{better} er bedre. Ret målværdien eller retning.",
                        (*loc, "målværdier", year),
                    )


@check
def planning_periods(ctx: Context) -> Iterator[Finding]:
    if ctx.config is None:
        return
    periods = four_year_periods(ctx.config.period.start, ctx.config.period.end)
    for doc, plan in ctx.plans:
        years = {y for _, ind in _indicators(plan) for y in ind.targets}
        years |= {m.year for i in plan.initiatives for m in i.milestones}
        for first, last in periods:
            if not any(first <= y <= last for y in years):
                yield doc.finding(
                    "SP302",
                    f"Perioden {first}–{last} har hverken en målværdi "
                    "eller en milepæl, så 12-årsperspektivet mangler. Tilføj en "
                    "målværdi eller en milepæl i perioden.",
                    ("mål",),
                    key=True,
                )


@check
def goals_without_initiatives(ctx: Context) -> Iterator[Finding]:
    targets = {ref for _, plan in ctx.plans for i in plan.initiatives for ref in i.contributes_to}
    for doc, plan in ctx.plans:
        for gi, goal in enumerate(plan.goals):
            if not _contributed(goal, targets) and not _maybe_contributed(ctx, goal):
                yield doc.finding(
                    "SP303",
                    f"Ingen indsats bidrager til {goal.id}. Tilføj en "
                    f"indsats med bidrager-til: [{goal.id}], eller fjern målet.",
                    ("mål", gi, "id"),
                )


def _contributed(goal: Goal, targets: set[str]) -> bool:
    return goal.id in targets or any(s.id in targets for s in goal.sub_goals)


def _maybe_contributed(ctx: Context, goal: Goal) -> bool:
    """Whether a plan that failed to load may name the goal or one of its sub-goals (in an
    initiative's `bidrager-til`): then it is not reported as without initiatives."""
    ids = [goal.id, *(s.id for s in goal.sub_goals)]
    return any(ctx.unchecked_ids.may_mention(id_) for id_ in ids)


@check
def initiative_content(ctx: Context) -> Iterator[Finding]:
    for doc, plan in ctx.plans:
        for ni, initiative in enumerate(plan.initiatives):
            if initiative.owner is None:
                yield doc.finding(
                    "SP304",
                    f"{initiative.id} har ingen ansvarlig. Tilføj "
                    "ansvarlig: med den enhed, der står for indsatsen.",
                    ("indsatser", ni, "id"),
                )
            economy = initiative.economy
            if economy and economy.construction and initiative.type != "anlæg":
                yield doc.finding(
                    "SP305",
                    f"{initiative.id} har anlægsudgifter, men type er "
                    f"{initiative.type}. Sæt type: anlæg, eller flyt beløbene "
                    "til drift.",
                    ("indsatser", ni, "økonomi", "anlæg"),
                    key=True,
                )
        count = sum(len(g.sub_goals) for g in plan.goals)
        if count > MAX_SUB_GOALS:
            yield doc.finding(
                "SP306",
                f"Planen har {count} delmål. En sektorplan skal være enkel "
                f"og præcis: hold den på højst {MAX_SUB_GOALS} delmål.",
                ("mål",),
                key=True,
            )


@check
def construction_frame(ctx: Context) -> Iterator[Finding]:
    config, doc = ctx.config, ctx.ws.config_doc
    if config is None or doc is None or not config.construction_frame:
        return
    totals = construction_totals(plan for _, plan in ctx.plans)
    for year, frame in config.construction_frame.items():
        total = totals.get(year, Decimal(0))
        if total > money.exact(frame):
            # Both amounts with every digit: a total just above the frame never reads the same
            yield doc.finding(
                "SP307",
                f"Anlæg i {year} koster i alt {money.kr(total)} i alle planer, "
                f"men rammen er {money.kr(frame)}: flyt eller skær anlæg, eller hæv "
                "rammen.",
                ("anlægsramme", year),
            )


def construction_totals(plans: typing.Iterable[Plan]) -> dict[int, Decimal]:
    """The construction amounts of all `plans` by year, added exactly (as the overview does)."""
    amounts: dict[int, list[int | float]] = defaultdict(list)
    for plan in plans:
        for initiative in plan.initiatives:
            if initiative.economy:
                for year, amount in initiative.economy.construction.items():
                    amounts[year].append(amount)
    return {year: money.total(values) for year, values in amounts.items()}


# --- texts -------------------------------------------------------------------------------------


@check
def plan_texts(ctx: Context) -> Iterator[Finding]:
    for doc, plan in ctx.plans:
        yield from _texts(ctx, doc, plan, ())
        if PLACEHOLDER in doc.text:
            yield from _placeholders(doc, doc.data, ())


def _texts(ctx: Context, doc: Document, model: BaseModel, loc: Loc) -> Iterator[Finding]:
    primary = ctx.config.primary_language if ctx.config else "da"
    for field_loc, value in _text_fields(model, loc):
        if not isinstance(value, dict):
            continue
        for lang in value:
            if lang not in LANGUAGES:
                yield doc.finding(
                    "SP218",
                    f"Sproget «{lang}» kendes ikke. Brug da, kl eller en.",
                    (*field_loc, lang),
                    key=True,
                )
        if primary not in value:
            yield doc.finding(
                "SP217",
                f"Teksten mangler det primære sprog «{primary}». Tilføj {primary}: med teksten.",
                field_loc,
            )


def _text_fields(model: BaseModel, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    for name, alias, is_text in _fields(type(model)):
        value = getattr(model, name)
        here = (*loc, alias)
        if is_text:
            yield here, value
        elif isinstance(value, BaseModel):
            yield from _text_fields(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _text_fields(item, (*here, i))


@cache
def _fields(cls: type[BaseModel]) -> list[tuple[str, str, bool]]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return [
        (name, field.alias or name, hints[name] == Tekst or Tekst in typing.get_args(hints[name]))
        for name, field in cls.model_fields.items()
    ]


def _placeholders(doc: Document, data: Any, loc: Loc) -> Iterator[Finding]:
    if isinstance(data, str):
        if PLACEHOLDER in data:
            yield doc.finding(
                "SP308",
                "Her står stadig en pladsholder fra `sektorplan new`. "
                "Skriv planens egen tekst i stedet.",
                loc,
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholders(doc, value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _placeholders(doc, value, (*loc, i))


# --- translations -----------------------------------------------------------------------------


@check
def missing_translations(ctx: Context) -> Iterator[Finding]:
    """With `kræv-oversættelse: true`: every text (in the plans and in sektorplan.yaml)
    that lacks one of the workspace's languages, for CI before publication."""
    config = ctx.config
    if config is None or not config.require_translation:
        return
    from sektorplan.translate.texts import config_texts, plan_texts

    others = [lang for lang in config.languages if lang != config.primary_language]
    files = [
        (doc, plan_texts(plan, doc.path, "", config.primary_language)) for doc, plan in ctx.plans
    ]
    if ctx.ws.config_doc is not None:
        doc = ctx.ws.config_doc
        files.insert(0, (doc, config_texts(config, doc.path, "")))
    for doc, texts in files:
        for text in texts:
            missing = [lang for lang in others if not text.has(lang)]
            if missing:
                yield doc.finding(
                    "SP320",
                    f"Teksten mangler {' og '.join(missing)}. Oversæt den: sektorplan oversæt "
                    f"udtræk --sprog {missing[0]} giver et regneark til oversætterne "
                    "(kræv-oversættelse: true i sektorplan.yaml).",
                    text.keys,
                )
