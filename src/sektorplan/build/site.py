"""The website `sektorplan build` makes, per language in `<sprog>/`: `index.html` (the start
page), `verdensmaal/` (a page per SDG the plans use), `steder/` (a page per town and
settlement), the indicators' CSV files in `filer/`; and `index.html` in the output folder,
which links each language's start page (`entry_html`). The plan pages and `oversigt.html`
are the jobs' HTML documents; this module gives them the same frame (`page_frame`: skip
link, header with menu, language switch, breadcrumbs, footer), which their templates draw
when `site` is in their context.

Every page's inputs are digested (`SitePage.digest`), so a build rewrites only the pages whose
plans changed: the start page and the lists change with any plan; an SDG page with the plans
that point to that goal; a place page with the plans that have an initiative there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sektorplan import __version__
from sektorplan.build.jobs import digest
from sektorplan.load.workspace import PlanFile, Workspace
from sektorplan.model.plan import Plan, WorkspaceConfig, text_in
from sektorplan.paths import file_part
from sektorplan.render.layout import SITE

INDEX = "index.html"  # a language's start page, and the entry page in the output folder
SDG_FOLDER = "verdensmaal"
PLACE_FOLDER = "steder"


def site_labels(language: str) -> dict[str, Any]:
    from sektorplan.i18n import SITE, labels

    return labels(language, SITE)


def place_page(place_id: str) -> str:
    """A place's page, relative to the language's folder (SP234 keeps these apart)."""
    return f"{PLACE_FOLDER}/{file_part(place_id, exact=False)}.html"


def sdg_page(number: int) -> str:
    return f"{SDG_FOLDER}/{number}.html"


def indicator_csv(stem: str, indicator_id: str) -> str:
    """An indicator's CSV in `filer/`, named as its trend chart is."""
    return f"{stem}-indikator-{file_part(indicator_id, exact=False)}.csv"


def _fill(template: str, **values: object) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def switch_languages(ws: Workspace, language: str) -> tuple[str, ...]:
    """The languages a page's switch offers: the workspace's (`sprog:` in sektorplan.yaml,
    which every output depends on), and the page's own if it is not among them."""
    own = list(ws.config.languages) if ws.config else ["da"]
    return tuple(own if language in own else [*own, language])


def page_frame(
    root: Path,
    config: WorkspaceConfig,
    language: str,
    languages: tuple[str, ...],
    page: str,
    crumbs: list[tuple[str, str | None]],
    when: dt.datetime,
) -> dict[str, Any]:
    """What a page of the site needs around its content. `page` is its path in the
    language's folder; `crumbs` the breadcrumbs after the start page (label, page or None).
    `root` is the workspace's folder, where the logo is read from."""
    from sektorplan.i18n import labels as plan_labels
    from sektorplan.render.context import readable_text_colour
    from sektorplan.render.formatting import Formatter
    from sektorplan.render.look import look

    lb = site_labels(language)
    up = "../" * page.count("/")

    def href(target: str) -> str:
        return up + target

    section = page.split("/")[0]
    menu = [
        (lb["plans"], "index.html#planer", section == "planer"),
        (lb["sdgs"], f"{SDG_FOLDER}/index.html", section == SDG_FOLDER),
        (lb["places"], f"{PLACE_FOLDER}/index.html", section == PLACE_FOLDER),
        (lb["overview"], "oversigt.html", page == "oversigt.html"),
    ]
    trail = [{"label": lb["home"], "href": href("index.html")}] if page != "index.html" else []
    trail += [{"label": label, "href": href(p) if p else ""} for label, p in crumbs]
    switch = []
    if len(languages) > 1:
        switch = [
            {
                "code": code,
                "name": plan_labels(code)["languages"][code].capitalize(),
                "href": f"{up}../{code}/{page}",
                "current": code == language,
            }
            for code in languages
        ]
    locale = plan_labels(language)["locale"]
    return {
        "language": language,
        "up": up,
        "municipality": text_in(config.municipality, language, config.primary_language),
        "labels": lb,
        "menu": [
            {"label": label, "href": href(target), "current": current}
            for label, target, current in menu
        ],
        "crumbs": trail,
        "languages": switch,
        "built": Formatter(locale).date(when.date()),
        "tool": f"sektorplan {__version__}",
        "downloads": [],
        "map": None,
        # The municipality's look (sektorplan.yaml: logo, farver), as on the plans' pages.
        "look": (shown := look(root, config)),
        "header_text": readable_text_colour(shown["primary"]),
    }


def plan_frame(
    ws: Workspace, plan_file: PlanFile, language: str, languages: tuple[str, ...]
) -> dict[str, Any]:
    """The frame of a plan's page, `planer/<plan>.html`."""
    from sektorplan.paths import build_time

    config = ws.config
    assert config is not None and plan_file.plan is not None
    lb = site_labels(language)
    title = text_in(plan_file.plan.title, language, config.primary_language)
    page = f"planer/{plan_file.path.stem}.html"
    crumbs: list[tuple[str, str | None]] = [(lb["plans"], "index.html#planer"), (title, None)]
    return page_frame(ws.root, config, language, languages, page, crumbs, build_time())


def overview_frame(
    ws: Workspace,
    overview: Any,
    language: str,
    languages: tuple[str, ...],
    formats: tuple[str, ...],
) -> dict[str, Any]:
    """The frame of `oversigt.html`, with the map and the downloads."""
    from sektorplan.paths import build_time

    config = ws.config
    assert config is not None
    lb = site_labels(language)
    frame = page_frame(
        ws.root,
        config,
        language,
        languages,
        "oversigt.html",
        [(lb["overview"], None)],
        build_time(),
    )
    plans = [p for p in ws.plans if p.plan is not None]
    frame["downloads"] = overview_downloads(ws, plans, language, formats)
    frame["map"] = map_context(config, overview, language, "", "kort")
    return frame


def map_context(
    config: WorkspaceConfig,
    overview: Any,
    language: str,
    up: str,
    id_prefix: str,
    only: str | None = None,
) -> dict[str, Any]:
    """The map of the places as inline SVG, and its numbers as table rows (with `only`, the
    row of that place alone): per place its initiatives and their construction total."""
    from sektorplan.i18n import labels as plan_labels
    from sektorplan.render.fallback import like
    from sektorplan.render.formatting import Formatter
    from sektorplan.render.maps import MapPlace, MapTexts, map_svg

    lb = site_labels(language)
    fmt = Formatter(plan_labels(language)["locale"])
    primary = config.primary_language
    counts: dict[str, int] = defaultdict(int)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in overview.initiatives:
        for place in row.places:
            counts[place] += 1
            totals[place] += sum(row.construction.values(), Decimal(0))
    rows, drawn, missing = [], [], []
    for place in config.places:
        name = text_in(place.name, language, primary)
        total = fmt.kr(totals[place.id])
        if only is None or place.id == only:
            rows.append(
                {
                    "name": name,
                    "href": up + place_page(place.id),
                    "type": lb["place_types"][place.type],
                    "count": counts[place.id],
                    "total": total,
                }
            )
        if place.coordinates is None:
            missing.append(name)
            continue
        latitude, longitude = place.coordinates.latitude, place.coordinates.longitude
        drawn.append(
            MapPlace(place.id, name, float(latitude), float(longitude), counts[place.id], total)
        )
    municipality = text_in(config.municipality, language, primary)
    # A text that fell back to the primary language stays a Fallback: marked on the map.
    title = like(lb["map_title"], _fill(lb["map_title"], kommune=municipality))
    description = like(lb["map_description"], _fill(lb["map_description"], antal=len(drawn)))
    texts = MapTexts(
        initiative=lb["initiative_one"],
        initiatives=lb["initiative_many"],
        none=lb["no_initiatives"],
        construction=like(lb["construction_total"], lb["construction_total"].lower()),
        legend_title=lb["initiatives"],
    )
    svg = map_svg(drawn, title=title, description=description, texts=texts, id_prefix=id_prefix)
    return {
        "svg": svg,
        "title": title,
        "rows": rows,
        "missing": _fill(lb["map_not_drawn"], steder=", ".join(missing)) if missing else "",
    }


# --- the data behind the pages ----------------------------------------------------------------


@dataclass(frozen=True)
class SitePage:
    """A page (or a file) of the site: its path relative to the output folder, the digest of
    what it is made from, and how to make it."""

    path: str
    digest: str
    make: Callable[[], bytes]


class _Site:
    def __init__(
        self,
        ws: Workspace,
        plans: list[PlanFile],
        language: str,
        languages: tuple[str, ...],
        common: str,
        files: dict[Path, str],
        built: Callable[[str], bool],
        when: dt.datetime,
    ) -> None:
        from sektorplan.i18n import labels as plan_labels
        from sektorplan.overview.data import build_overview
        from sektorplan.render.formatting import Formatter

        assert ws.config is not None
        self.ws = ws
        self.config = ws.config
        self.plans = plans
        self.language = language
        self.languages = languages
        self.primary = self.config.primary_language
        self.common = common
        self.files = files
        self.built = built
        self.when = when
        self.lb = site_labels(language)
        self.plan_labels = plan_labels(language)
        self.fmt = Formatter(self.plan_labels["locale"])
        self.overview = build_overview(ws, language)
        self.status_of = {row.id: row.status for row in self.overview.indicators}
        self.by_file = {
            p.path.relative_to(ws.root).as_posix() if p.path.is_relative_to(ws.root) else "": p
            for p in plans
        }

    # -- helpers

    def text(self, value: str | dict[str, str] | None) -> dict[str, str]:
        """A text in the page's language, or in the one it falls back to, with that `lang`."""
        shown = text_in(value, self.language, self.primary)
        lang = ""
        if isinstance(value, dict) and self.language not in value:
            lang = self.primary if self.primary in value else next(iter(value))
        return {"text": shown, "lang": lang if lang != self.language else ""}

    def sdg_title(self, number: int) -> dict[str, str]:
        goal = self.ws.sdg.goals.get(number) if self.ws.sdg else None
        if goal is None:
            return {"text": str(number), "lang": ""}
        return self.text(goal.title or {self.language: str(number)})

    def plan_digest(self, paths: list[Path]) -> str:
        return digest(self.common, *(f"{p.as_posix()}={self.files[p]}" for p in sorted(paths)))

    def everything(self) -> str:
        return self.plan_digest(list(self.files))

    def frame(self, page: str, crumbs: list[tuple[str, str | None]]) -> dict[str, Any]:
        return page_frame(
            self.ws.root, self.config, self.language, self.languages, page, crumbs, self.when
        )

    def render(
        self, template: str, page: str, crumbs: list[tuple[str, str | None]], **ctx: Any
    ) -> bytes:
        from sektorplan.render.templating import render_text

        context = {"site": self.frame(page, crumbs), "language": self.language, **ctx}
        return render_text("html", self.ws.root, context, template).encode("utf-8")

    def status(self, code: str) -> dict[str, str]:
        from sektorplan.render.context import progress_status

        return progress_status(code, self.plan_labels["progress_statuses"][code])

    def badge(self, number: int, up: str) -> dict[str, Any]:
        from sektorplan.render.context import readable_text_colour

        goal = self.ws.sdg.goals.get(number) if self.ws.sdg else None
        colour = goal.colour if goal else "#555555"
        return {
            "number": number,
            "title": self.sdg_title(number),
            "colour": colour,
            "text_colour": readable_text_colour(colour),
            "href": up + sdg_page(number),
        }

    def kr(self, value: Decimal | int | float) -> str:
        return self.fmt.kr(value)

    # -- the map

    def map_data(self, up: str, id_prefix: str, only: str | None = None) -> dict[str, Any]:
        return map_context(self.config, self.overview, self.language, up, id_prefix, only)

    # -- the pages

    def cards(self) -> list[dict[str, Any]]:
        from sektorplan.model.progress import STATUSES

        sdg = self.overview.sdg
        cards = []
        for row in self.overview.plans:
            department = {"text": row.department_name, "lang": ""}
            card: dict[str, Any] = {"department": department, "missing": row.missing}
            if not row.missing and row.stem:
                stem = row.stem
                total = sum(row.progress.values())
                statuses = []
                for code in STATUSES:
                    count = row.progress.get(code, 0)
                    if count:
                        status = self.status(code)
                        status["count"] = count
                        status["share"] = round(100 * count / total, 1) if total else 0
                        statuses.append(status)
                goals = []
                if row.department in sdg.rows:
                    counts = sdg.counts[sdg.rows.index(row.department)]
                    goals = [int(c) for c, n in zip(sdg.columns, counts, strict=True) if n]
                downloads = []
                for fmt in ("docx", "pdf", "md"):
                    path = SITE.path(f"{stem}.{fmt}")
                    if self.built(path):
                        downloads.append(
                            {
                                "label": self.lb[f"download_{fmt}"],
                                "href": path,
                                "format": fmt,
                            }
                        )
                card.update(
                    {
                        "title": row.title,
                        "href": f"planer/{stem}.html",
                        "status": self.plan_labels["statuses"].get(row.status, row.status),
                        "version": row.version or "",
                        "adopted": self.fmt.date(row.adopted) if row.adopted else "",
                        "indicators": total,
                        "statuses": statuses,
                        "statuses_text": ", ".join(
                            f"{s['symbol']} {s['count']} {s['label'].lower()}" for s in statuses
                        ),
                        "sdgs": [self.badge(n, "") for n in goals],
                        "downloads": downloads,
                    }
                )
            cards.append(card)
        return cards

    def start_page(self) -> bytes:
        config = self.config
        return self.render(
            "site/index.html.j2",
            "index.html",
            [],
            municipality=text_in(config.municipality, self.language, self.primary),
            planning_strategy=self.text(config.planning_strategy)
            if config.planning_strategy
            else None,
            period=f"{config.period.start}–{config.period.end}",
            core_values=[self.text(v.name) for v in config.core_values],
            cards=self.cards(),
            map=self.map_data("", "kort"),
        )

    def sdg_uses(self) -> dict[int, list[dict[str, Any]]]:
        """Per SDG, what points to it: goals, sub-goals, indicators, with their plan."""
        uses: dict[int, list[dict[str, Any]]] = defaultdict(list)

        def number(ref: str | None) -> int | None:
            head = str(ref or "").split(".")[0]
            return int(head) if head.isdigit() else None

        for plan_file in self.plans:
            plan = plan_file.plan
            assert plan is not None
            title = self.text(plan.title)

            def add(
                kind: str,
                item: Any,
                ref: str,
                indicators: list[Any],
                plan_file: PlanFile = plan_file,
                title: dict[str, str] = title,
            ) -> None:
                n = number(ref)
                if n is not None:
                    uses[n].append(self._use(plan_file, title, kind, item, ref, indicators))

            for goal in plan.goals:
                for ref in goal.sdgs:
                    add("goal", goal, ref, [i for s in goal.sub_goals for i in s.indicators])
                for sub in goal.sub_goals:
                    for ref in sub.sdgs:
                        add("sub_goal", sub, ref, sub.indicators)
                    for ind in sub.indicators:
                        add("indicator", ind, ind.sdg_indicator or "", [ind])
        return uses

    def _use(
        self,
        plan_file: PlanFile,
        plan_title: dict[str, str],
        kind: str,
        item: Any,
        ref: str,
        indicators: list[Any],
    ) -> dict[str, Any]:
        from sektorplan.model.progress import INSUFFICIENT_DATA, STATUSES

        tally = [self.status_of.get(i.id, INSUFFICIENT_DATA) for i in indicators]
        statuses = []
        for code in STATUSES:
            count = tally.count(code)
            if count:
                status = self.status(code)
                status["count"] = count
                statuses.append(status)
        id_ = item.id
        title = item.name if kind == "indicator" else item.title
        return {
            "path": plan_file.path,
            "plan": plan_title,
            "plan_href": f"../planer/{plan_file.path.stem}.html",
            "kind": self.lb[kind],
            "id": id_,
            "title": self.text(title),
            "ref": ref,
            "statuses": statuses,
        }

    def sdg_pages(self, uses: dict[int, list[dict[str, Any]]]) -> list[SitePage]:
        pages = []
        for n in sorted(uses):
            entries = uses[n]
            paths = sorted({e["path"] for e in entries})
            badge = self.badge(n, "../")

            def make(
                n: int = n, entries: list[dict[str, Any]] = entries, badge: dict[str, Any] = badge
            ) -> bytes:
                goal = self.ws.sdg.goals.get(n) if self.ws.sdg else None
                long_title = self.text(goal.long_title) if goal and goal.long_title else None
                title = f"{self.lb['sdg']} {n}: {badge['title']['text']}"
                return self.render(
                    "site/sdg.html.j2",
                    sdg_page(n),
                    [(self.lb["sdgs"], f"{SDG_FOLDER}/index.html"), (title, None)],
                    goal=badge,
                    long_title=long_title,
                    entries=entries,
                )

            pages.append(SitePage(self._path(sdg_page(n)), self.plan_digest(paths) + f"/{n}", make))
        listing = [dict(self.badge(n, "../"), uses=len(uses[n])) for n in sorted(uses)]

        def make_index() -> bytes:
            return self.render(
                "site/sdgs.html.j2",
                f"{SDG_FOLDER}/index.html",
                [(self.lb["sdgs"], None)],
                goals=listing,
            )

        pages.append(
            SitePage(self._path(f"{SDG_FOLDER}/index.html"), self.everything(), make_index)
        )
        return pages

    def place_pages(self) -> list[SitePage]:
        pages = []
        by_place: dict[str, list[Any]] = defaultdict(list)
        for row in self.overview.initiatives:
            for place in row.places:
                by_place[place].append(row)
        departments = self.overview.departments
        for place in self.config.places:
            rows = by_place.get(place.id, [])
            page = place_page(place.id)
            name = text_in(place.name, self.language, self.primary)

            def make(
                place: Any = place, rows: list[Any] = rows, page: str = page, name: str = name
            ) -> bytes:
                entries = [
                    {
                        "department": departments.get(r.department, r.department),
                        "id": r.initiative.id,
                        "title": r.initiative.title,
                        "href": f"../planer/{Path(r.file).stem}.html",
                        "type": self.plan_labels["types"].get(r.type, r.type),
                        "years": f"{r.start}–{r.end}" if r.start != r.end else str(r.start),
                        "owner": r.owner,
                    }
                    for r in rows
                ]
                return self.render(
                    "site/place.html.j2",
                    page,
                    [(self.lb["places"], f"{PLACE_FOLDER}/index.html"), (name, None)],
                    name=name,
                    type=self.lb["place_types"][place.type],
                    entries=entries,
                    construction=self.money(rows, "construction"),
                    operation=self.money(rows, "operation"),
                    map=self.map_data("../", "kort", only=place.id),
                )

            # The map shows every place's numbers: the page changes with any plan.
            pages.append(SitePage(self._path(page), self.everything() + f"/{page}", make))

        def make_index() -> bytes:
            return self.render(
                "site/places.html.j2",
                f"{PLACE_FOLDER}/index.html",
                [(self.lb["places"], None)],
                map=self.map_data("../", "kort"),
            )

        pages.append(
            SitePage(self._path(f"{PLACE_FOLDER}/index.html"), self.everything(), make_index)
        )
        return pages

    def money(self, rows: list[Any], kind: str) -> dict[str, Any] | None:
        amounts = [(r, getattr(r, kind)) for r in rows if getattr(r, kind)]
        if not amounts:
            return None
        years = sorted({y for _, a in amounts for y in a})
        lines = []
        totals = dict.fromkeys(years, Decimal(0))
        for r, a in amounts:
            for y, v in a.items():
                totals[y] += v
            lines.append(
                {
                    "label": f"{r.initiative.id} {r.initiative.title}",
                    "cells": [self.fmt.amount(a[y]) if y in a else "" for y in years],
                    "total": self.fmt.amount(sum(a.values(), Decimal(0))),
                }
            )
        label = self.lb["construction" if kind == "construction" else "operation"]
        return {
            "caption": _fill(self.lb["money_per_year"], type=label),
            "years": years,
            "rows": lines,
            "totals": [self.fmt.amount(totals[y]) for y in years],
            "total": self.fmt.amount(sum(totals.values(), Decimal(0))),
        }

    def indicator_files(self) -> list[tuple[SitePage, dict[str, str]]]:
        out = []
        for plan_file in self.plans:
            plan = plan_file.plan
            assert plan is not None
            stem = plan_file.path.stem
            for goal in plan.goals:
                for sub in goal.sub_goals:
                    for ind in sub.indicators:
                        name = indicator_csv(stem, ind.id)
                        path = SITE.path(name)

                        def make(plan: Plan = plan, ind: Any = ind, stem: str = stem) -> bytes:
                            return indicator_rows(stem, ind, self.measured(ind.id))

                        page = SitePage(path, self.plan_digest([plan_file.path]) + f"/{name}", make)
                        label = _fill(
                            self.lb["indicator_file"],
                            id=ind.id,
                            navn=text_in(ind.name, self.language, self.primary),
                        )
                        out.append((page, {"label": label, "href": path}))
        return out

    def measured(self, indicator_id: str) -> dict[int, int | float]:
        row = next((r for r in self.overview.indicators if r.id == indicator_id), None)
        return dict(row.measurements) if row else {}

    def _path(self, page: str) -> str:
        return page


def indicator_rows(stem: str, indicator: Any, measurements: dict[int, int | float]) -> bytes:
    """plan, indikator, enhed, år, art, værdi: the baseline, each target and each measurement
    (from the plan and from målinger/*.csv), by year."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["plan", "indikator", "enhed", "år", "art", "værdi"])
    rows = [(indicator.baseline.year, "basis", indicator.baseline.value)]
    rows += [(y, "målværdi", v) for y, v in indicator.targets.items()]
    rows += [(y, "måling", v) for y, v in measurements.items()]
    kinds = {"basis": 0, "målværdi": 1, "måling": 2}
    for year, kind, value in sorted(rows, key=lambda r: (r[0], kinds[r[1]])):
        writer.writerow([stem, indicator.id, indicator.unit, year, kind, value])
    return out.getvalue().encode("utf-8")


def site_pages(
    ws: Workspace,
    plans: list[PlanFile],
    language: str,
    languages: tuple[str, ...],
    common: str,
    files: dict[Path, str],
    built: Callable[[str], bool],
    when: dt.datetime,
) -> list[SitePage]:
    """Every page of the site that is not a job's document, with its digest: `common` is
    what every output depends on, `files` each plan file's digest, `built(path)` whether the
    build made that output (a PDF is linked only then)."""
    site = _Site(ws, plans, language, languages, common, files, built, when)
    pages = [SitePage(site._path("index.html"), site.everything(), site.start_page)]
    pages += site.sdg_pages(site.sdg_uses())
    pages += site.place_pages()
    pages += [page for page, _ in site.indicator_files()]
    return pages


def overview_downloads(
    ws: Workspace, plans: list[PlanFile], language: str, formats: tuple[str, ...]
) -> list[dict[str, str]]:
    """The downloads listed on oversigt.html: its documents, then every indicator's CSV."""
    lb = site_labels(language)
    out = []
    for fmt in ("xlsx", "docx", "md"):
        if fmt in formats:
            path = SITE.path(f"oversigt.{fmt}", overview=True)
            href = path
            out.append({"label": lb[f"download_{fmt}"], "href": href, "csv": ""})
    for plan_file in plans:
        plan = plan_file.plan
        assert plan is not None
        for goal in plan.goals:
            for sub in goal.sub_goals:
                for ind in sub.indicators:
                    path = SITE.path(indicator_csv(plan_file.path.stem, ind.id))
                    label = _fill(
                        lb["indicator_file"],
                        id=ind.id,
                        navn=text_in(
                            ind.name, language, ws.config.primary_language if ws.config else "da"
                        ),
                    )
                    out.append({"label": label, "href": path, "csv": "1"})
    return out


def entry_html(ws: Workspace, languages: list[str]) -> bytes:
    """The language-neutral entry page (<output folder>/index.html): a link to each
    language's start page, each named in its own language."""
    from sektorplan.i18n import labels
    from sektorplan.model.plan import text_in
    from sektorplan.render.templating import render_text

    config = ws.config
    assert config is not None
    primary = config.primary_language
    context = {
        "generator": f"sektorplan {__version__}",
        "languages": [
            {
                "code": lang,
                "name": labels(lang)["languages"][lang],
                "href": f"{lang}/{INDEX}",
                "municipality": text_in(config.municipality, lang, primary),
            }
            for lang in languages
        ],
    }
    return render_text("html", ws.root, context, "sprog.html.j2").encode("utf-8")
