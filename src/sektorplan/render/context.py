"""Plan + workspace → the render context: plain data, fully computed, for every template.

Every text is already in the document's language (falling back to the workspace's primary
language), every number and date already formatted (only an indicator's `series`, the
numbers its trend chart is drawn from, holds numbers); templates only place and escape. The
context holds only str, bool, numbers, list and dict, so it can be pickled, dumped as JSON
and used by a municipality's own templates; templates/README.md lists every key.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sektorplan import __version__
from sektorplan.errors import SektorplanError
from sektorplan.i18n import labels as label_catalogue
from sektorplan.load.measurements import merged
from sektorplan.load.workspace import Workspace
from sektorplan.model import money
from sektorplan.model.periods import four_year_periods
from sektorplan.model.plan import (
    Economy,
    Goal,
    Indicator,
    Initiative,
    Plan,
    SubGoal,
    WorkspaceConfig,
    text_in,
)
from sektorplan.model.progress import COLOURS, STATUSES, SYMBOLS, indicator_progress
from sektorplan.model.sdg import Catalogue
from sektorplan.render.fallback import Fallback, like
from sektorplan.render.formatting import Formatter
from sektorplan.render.look import look

Context = dict[str, Any]

MAX_YEAR_COLUMNS = 6  # more years than this: one economy table per four-year period
NARROWEST_FIRST_COLUMN = 0.24  # of the page: the initiatives' column in a table of years
# Besides what XML cannot hold: U+FDD0-U+FDD2, which mark texts that fell back (fallback.py).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdd2\ufffe\uffff]")


class TextError(SektorplanError, ValueError):
    """A text holds a character no document format can carry (a YAML escape such as
    "\\uFFFF"); `what` names where."""

    def __init__(self, what: str, char: str) -> None:
        super().__init__(what)
        self.what = what
        self.char = char


@dataclass(frozen=True)
class Options:
    language: str
    build_time: dt.datetime
    timeline_image: str = ""  # file name of the chart, relative to the document
    # indicator id -> file name of its trend chart, relative to the document
    trend_images: Mapping[str, str] = field(default_factory=dict)


def _has(value: str | dict[str, str] | None, language: str) -> bool:
    """The text has its own `language` version (else the primary language is shown)."""
    return isinstance(value, dict) and bool(value.get(language))


class _Builder:
    def __init__(self, ws: Workspace, plan: Plan, options: Options) -> None:
        assert ws.config is not None
        self.ws = ws
        self.config: WorkspaceConfig = ws.config
        self.plan = plan
        self.options = options
        self.language = options.language
        self.primary = self.config.primary_language
        self.labels = label_catalogue(self.language)
        self.fmt = Formatter(self.labels["locale"], self.labels["currency"])
        self.catalogue: Catalogue = ws.catalogue()
        self.anchors: dict[str, int] = {}
        self.index = _index(ws)
        # The plans' own målinger and målinger/*.csv, as `sektorplan progress` sees them.
        self.measurements = merged(ws)

    # --- texts ----------------------------------------------------------------------------

    def text(self, value: str | dict[str, str] | None, what: str = "") -> str:
        text = text_in(value, self.language, self.primary).replace("\r\n", "\n").replace("\r", "\n")
        bad = _XML_ILLEGAL.search(text)
        if bad:
            raise TextError(what, bad.group())
        if self.language != self.primary and text and not _has(value, self.language):
            return Fallback(text, self.primary)  # marked in HTML and Word (fallback.py)
        return text

    def heading(self, level: int, title: str) -> dict[str, Any]:
        """A heading with a unique anchor, as GitHub makes them from the heading text."""
        return {"level": level, "title": title, "anchor": unique_anchor(self.anchors, title)}

    # --- the whole context ------------------------------------------------------------------

    def build(self) -> Context:
        labels = self.labels
        front_page = self.front_page()
        # Anchors are handed out in document order, as GitHub does for duplicate headings.
        front_page["heading"] = self.heading(0, front_page["title"])
        sections = {"contents": self.heading(1, labels["contents"])}
        for key in ("vision", "status_description", "goals"):
            sections[key] = self.heading(1, labels[key])
        goals = [self.goal(g) for g in self.plan.goals]
        sections["action_plan"] = self.heading(1, labels["action_plan"])
        initiatives = [self.initiative(i) for i in self.plan.initiatives]
        for key in ("construction_overview", "operation_overview", "timeline", "appendix"):
            sections[key] = self.heading(1, labels[key])
        appendix = self.appendix()
        return {
            "language": self.language,
            "labels": labels,
            "municipality": self.text(self.config.municipality, "kommune"),
            "planning_strategy": self.text(self.config.planning_strategy, "planstrategi"),
            "plan": front_page,
            "sections": sections,
            "toc": self._toc_in_order(sections, goals, initiatives, appendix),
            "goals": goals,
            "initiatives": initiatives,
            "construction": self.economy("construction"),
            "operation": self.economy("operation"),
            "timeline": {
                "image": self.options.timeline_image,
                "alt": f"{labels['timeline_alt']} {self.period_text()}",
            },
            "appendix": appendix,
            "look": look(self.ws.root, self.config),
            "generator": f"sektorplan {__version__}",
        }

    def _toc_in_order(
        self,
        sections: dict[str, dict[str, Any]],
        goals: list[Context],
        initiatives: list[Context],
        appendix: list[Context],
    ) -> list[dict[str, Any]]:
        toc = [sections["vision"], sections["status_description"], sections["goals"]]
        toc += [g["heading"] for g in goals]
        toc += [sections["action_plan"], *(i["heading"] for i in initiatives)]
        toc += [sections[k] for k in ("construction_overview", "operation_overview")]
        toc += [sections["timeline"], sections["appendix"]]
        toc += [g["heading"] for g in appendix]
        return toc

    def period_text(self) -> str:
        return _span(self.config.period.start, self.config.period.end)

    def front_page(self) -> Context:
        plan, labels = self.plan, self.labels
        department = self.config.department(plan.department)
        adopted = plan.status == "vedtaget" and plan.adopted is not None
        date = plan.adopted if adopted and plan.adopted else self.options.build_time.date()
        return {
            "title": self.text(plan.title, "titel"),
            "department": {
                "id": plan.department,
                "name": self.text(department.name, "forvaltning") if department else "",
            },
            "status": plan.status,
            "status_label": labels["statuses"][plan.status],
            # «Udkast» or «Høringsudkast» on the cover and in every page's header; none once
            # the plan is adopted.
            "draft_mark": labels["draft_marks"].get(plan.status, ""),
            "adopted": adopted,
            "date": self.fmt.date(date),
            "date_label": labels["adopted"] if adopted else labels["date"],
            "version": plan.version or "",
            "period": self.period_text(),
            "period_start": self.config.period.start,
            "period_end": self.config.period.end,
            "owner": {"name": plan.owner.name, "email": plan.owner.email or ""},
            "vision": self.text(plan.vision, "vision"),
            "status_description": self.text(plan.status_description, "udgangspunkt"),
        }

    # --- goals ----------------------------------------------------------------------------

    def goal(self, goal: Goal) -> Context:
        title = self.text(goal.title, f"{goal.id}.titel")
        heading = self.heading(2, like(title, f"{goal.id} {title}"))
        values = {v.id: v for v in self.config.core_values}
        core_values = [
            self.text(values[v].name, "kerneværdier") if v in values else v
            for v in goal.core_values
        ]
        sub_goals = [self.sub_goal(s) for s in goal.sub_goals]
        counts = self.status_counts(sub_goals)
        return {
            "id": goal.id,
            "title": title,
            "heading": heading,
            "description": self.text(goal.description, f"{goal.id}.beskrivelse"),
            "core_values": core_values,
            "core_values_text": ", ".join(core_values),
            "sdgs": [self.badge(ref) for ref in goal.sdgs],
            "sub_goals": sub_goals,
            "status_counts": counts,
            "status_counts_text": " · ".join(c["text"] for c in counts),
        }

    def status_counts(self, sub_goals: list[Context]) -> list[Context]:
        """How many of the goal's indicators have each status: those that occur, best first."""
        codes = [ind["status"]["code"] for sub in sub_goals for ind in sub["indicators"]]
        out = []
        for code in STATUSES:
            count = codes.count(code)
            if count:
                status = self.status(code)
                text = f"{status['symbol']} {count} {status['label']}"
                out.append({**status, "count": count, "text": text})
        return out

    def status(self, code: str) -> Context:
        return progress_status(code, self.labels["progress_statuses"][code])

    def sub_goal(self, sub: SubGoal) -> Context:
        title = self.text(sub.title, f"{sub.id}.titel")
        return {
            "id": sub.id,
            "title": title,
            "heading": self.heading(3, like(title, f"{sub.id} {title}")),
            "description": self.text(sub.description, f"{sub.id}.beskrivelse"),
            "sdgs": [self.badge(ref) for ref in sub.sdgs],
            "indicators": [self.indicator(i) for i in sub.indicators],
        }

    def indicator(self, ind: Indicator) -> Context:
        fmt, labels = self.fmt, self.labels
        targets = [
            {"year": year, "value": fmt.number(value), "text": f"{year}: {fmt.number(value)}"}
            for year, value in sorted(ind.targets.items())
        ]
        values = self.measurements.get(ind.id, ind.measurements)
        progress = indicator_progress(ind, values)
        latest = max(values) if values else None
        latest_value = fmt.number(values[latest]) if latest is not None else ""
        name = self.text(ind.name, f"{ind.id}.navn")
        sdg_text = ""
        if ind.sdg_indicator and ind.sdg_indicator in self.catalogue.indicators:
            sdg_text, _ = self.sdg_text(self.catalogue.indicators[ind.sdg_indicator].text)
        return {
            "id": ind.id,
            "name": name,
            "unit": ind.unit,
            "direction": ind.direction,
            "direction_label": labels["directions"][ind.direction],
            "source": self.text(ind.source, f"{ind.id}.kilde"),
            "sdg_indicator": ind.sdg_indicator or "",
            "sdg_indicator_text": sdg_text,
            "baseline_year": ind.baseline.year,
            "baseline_value": fmt.number(ind.baseline.value),
            "baseline": f"{fmt.number(ind.baseline.value)} ({ind.baseline.year})",
            "targets": targets,
            "targets_text": "\n".join(t["text"] for t in targets),
            "latest_year": latest if latest is not None else "",
            "latest_value": latest_value,
            "latest": f"{latest_value} ({latest})" if latest is not None else labels["no_value"],
            "status": self.status(progress.status),
            "series": {
                "baseline": {"year": ind.baseline.year, "value": ind.baseline.value},
                "measurements": [{"year": y, "value": v} for y, v in sorted(values.items())],
                "targets": [{"year": y, "value": v} for y, v in sorted(ind.targets.items())],
            },
            "chart": {
                "image": self.options.trend_images.get(ind.id, ""),
                "alt": f"{ind.id} {name}: {labels['trend_alt']}",
            },
        }

    # --- the SDGs -------------------------------------------------------------------------

    def sdg_text(self, texts: dict[str, str]) -> tuple[str, str]:
        """The catalogue text in the best language there is, and a note such as
        "(engelsk)" when that is not the document's language."""
        for lang in (self.language, self.primary, "da", "en", *texts):
            if texts.get(lang):
                note = "" if lang == self.language else f"({self.labels['languages'][lang]})"
                return self.text(texts[lang], "verdensmål.yaml"), note
        return "", ""

    def badge(self, ref: str) -> Context:
        goal = self.catalogue.goal_of(ref)
        if goal is None:  # validation rejects unknown references; keep the text regardless
            return {"ref": ref, "goal": 0, "colour": "#5B5B5B", "text_colour": "#FFFFFF",
                    "title": "", "note": "", "label": ref}  # fmt: skip
        title, note = self.sdg_text(goal.title)
        return {
            "ref": ref,
            "goal": goal.number,
            "colour": goal.colour,
            "text_colour": readable_text_colour(goal.colour),
            "title": title,
            "note": note,
            "label": _join(ref, title, note),
        }

    def appendix(self) -> list[Context]:
        goals: dict[int, bool] = {}
        targets: set[str] = set()
        indicators: set[str] = set()
        for ref in _sdg_refs(self.plan):
            goal = self.catalogue.goal_of(ref)
            if goal is None:
                continue
            if ref in self.catalogue.targets:
                targets.add(ref)
                goals.setdefault(goal.number, False)
            else:
                goals[goal.number] = True
        for ind in _indicators(self.plan):
            if ind.sdg_indicator and ind.sdg_indicator in self.catalogue.indicators:
                indicators.add(ind.sdg_indicator)
                target = ind.sdg_indicator.rsplit(".", 1)[0]
                if target in self.catalogue.targets:
                    targets.add(target)
                    goals.setdefault(self.catalogue.targets[target].goal, False)
        out = []
        for number in sorted(goals):
            goal = self.catalogue.goals[number]
            title, note = self.sdg_text(goal.title)
            long_title, long_note = self.sdg_text(goal.long_title)
            out.append(
                {
                    "goal": number,
                    "colour": goal.colour,
                    "text_colour": readable_text_colour(goal.colour),
                    "title": title,
                    "note": note,
                    "heading": self.heading(2, _join(str(number), title, note)),
                    "referenced": goals[number],
                    "long_title": long_title if goals[number] else "",
                    "long_title_note": long_note if goals[number] else "",
                    "targets": [
                        self._appendix_target(t, indicators)
                        for t in goal.targets
                        if t.id in targets
                    ],
                }
            )
        return out

    def _appendix_target(self, target: Any, indicators: set[str]) -> Context:
        text, note = self.sdg_text(target.text)
        inds = []
        for ind in target.indicators:
            if ind.id in indicators:
                ind_text, ind_note = self.sdg_text(ind.text)
                inds.append({"id": ind.id, "text": ind_text, "note": ind_note})
        return {"id": target.id, "text": text, "note": note, "indicators": inds}

    # --- the action plan ------------------------------------------------------------------

    def initiative(self, ini: Initiative) -> Context:
        title = self.text(ini.title, f"{ini.id}.titel")
        places = {p.id: p for p in self.config.places}
        place_names = [
            self.text(places[p].name, "steder") if p in places else p for p in ini.places
        ]
        amounts = ini.economy or Economy()
        milestones = []
        for m in sorted(ini.milestones, key=lambda m: m.year):
            text = self.text(m.title, f"{ini.id}.milepæle")
            milestones.append({"year": m.year, "title": text, "text": f"{m.year}: {text}"})
        return {
            "id": ini.id,
            "title": title,
            "heading": self.heading(2, like(title, f"{ini.id} {title}")),
            "description": self.text(ini.description, f"{ini.id}.beskrivelse"),
            "type": ini.type,
            "type_label": self.labels["types"][ini.type],
            "start": ini.start,
            "end": ini.end,
            "years": _span(ini.start, ini.end),
            "places": place_names,
            "places_text": ", ".join(place_names),
            "owner": self.text(ini.owner, f"{ini.id}.ansvarlig"),
            "contributes_to": [self.reference(ref) for ref in ini.contributes_to],
            "depends_on": [self.reference(ref) for ref in ini.depends_on],
            "municipal_plan": list(ini.municipal_plan),
            "municipal_plan_text": ", ".join(ini.municipal_plan),
            "funding": self.text(ini.funding, f"{ini.id}.finansiering"),
            "construction_total": self._sum(amounts.construction),
            "operation_total": self._sum(amounts.operation),
            "milestones": milestones,
        }

    def _sum(self, amounts: dict[int, Any]) -> str:
        return self.fmt.kr(money.total(amounts.values())) if amounts else ""

    def reference(self, ref: str) -> Context:
        """A goal, sub-goal or initiative by id, in this plan or another: id, title and, for
        another forvaltning's, its name."""
        found = self.index.get(ref)
        if found is None:
            return {"id": ref, "title": "", "department": "", "text": ref}
        item, plan = found
        title = self.text(item.title, f"{ref}.titel")
        department = ""
        if plan is not self.plan:
            dept = self.config.department(plan.department)
            department = self.text(dept.name, "forvaltning") if dept else plan.department
        text = f"{ref} {title}" + (f" ({department})" if department else "")
        return {"id": ref, "title": title, "department": department, "text": text}

    # --- economy --------------------------------------------------------------------------

    def economy(self, kind: str) -> Context:
        rows = []
        for ini in self.plan.initiatives:
            amounts = getattr(ini.economy, kind) if ini.economy else {}
            if amounts:
                rows.append((ini, amounts))
        if not rows:
            return {"tables": [], "total": "", "has_amounts": False, "note": ""}
        years = [y for _, amounts in rows for y in amounts]
        first, last = min(years), max(years)
        # Whole thousands are shown in 1.000 kr., as budgets do, so the tables fit the page;
        # any other amount keeps every krone.
        unit = 1000 if all(money.whole_thousands(v) for _, a in rows for v in a.values()) else 1
        grand = money.total(v for _, amounts in rows for v in amounts.values())
        if last - first + 1 <= MAX_YEAR_COLUMNS and self._years_fit(last - first + 1, grand, unit):
            spans = [(first, last)]
        else:
            period = self.config.period
            spans = [
                (max(a, first), min(b, last))
                for a, b in four_year_periods(min(period.start, first), max(period.end, last))
                if a <= last and b >= first
            ]
        tables = [
            self._grid(_span(a, b), rows, [[y] for y in range(a, b + 1)], unit) for a, b in spans
        ]
        if len(spans) > 1:
            columns = [list(range(a, b + 1)) for a, b in spans]
            headers = [_span(a, b) for a, b in spans]
            tables.append(self._grid(self.labels["total"], rows, columns, unit, headers))
        note = self.labels["amounts_in_thousands" if unit == 1000 else "amounts_in_kr"]
        return {"tables": tables, "total": self.fmt.kr(grand), "has_amounts": True, "note": note}

    def _years_fit(self, years: int, grand: Decimal, unit: int) -> bool:
        """Whether a table of `years` year columns (and a total) holds its widest amount, the
        grand total in bold, on the built-in page without wrapping it; else the years go in
        four-year tables."""
        from sektorplan.render.wordtables import CELL_MARGINS, PAGE_TWIPS, TABLE_TEXT_PT, text_width

        shown = self.fmt.amount(money.in_thousands(grand) if unit == 1000 else grand)
        column = text_width(shown, TABLE_TEXT_PT, bold=True) + CELL_MARGINS
        return (years + 1) * column <= PAGE_TWIPS * (1 - NARROWEST_FIRST_COLUMN)

    def _grid(
        self,
        caption: str,
        rows: list[tuple[Initiative, dict[int, Any]]],
        columns: list[list[int]],
        unit: int,
        headers: list[str] | None = None,
    ) -> Context:
        """A table of amounts: one row per initiative with an amount in these years, one
        column per group of years, totals per row and per column."""
        none = self.labels["no_value"]

        def amount(value: Decimal) -> str:
            return self.fmt.amount(money.in_thousands(value) if unit == 1000 else value)

        span = {y for group in columns for y in group}
        out_rows = []
        for ini, amounts in rows:
            if not span & set(amounts):
                continue
            cells = []
            for group in columns:
                present = [amounts[y] for y in group if y in amounts]
                cells.append(amount(money.total(present)) if present else none)
            title = self.text(ini.title, f"{ini.id}.titel")
            row_total = money.total(v for y, v in amounts.items() if y in span)
            out_rows.append(
                {
                    "id": ini.id,
                    "title": title,
                    "label": f"{ini.id} {title}",
                    "cells": cells,
                    "total": amount(row_total),
                }
            )
        column_totals = []
        for group in columns:
            present = [a[y] for _, a in rows for y in group if y in a]
            column_totals.append(amount(money.total(present)) if present else none)
        grand = money.total(v for _, a in rows for y, v in a.items() if y in span)
        return {
            "caption": caption,
            "columns": headers or [str(g[0]) for g in columns],
            "rows": out_rows,
            "totals": column_totals,
            "total": amount(grand),
        }


def build_context(ws: Workspace, plan: Plan, options: Options) -> Context:
    """The render context for one plan of a loaded workspace (whose config is valid)."""
    return _Builder(ws, plan, options).build()


# --- helpers ---------------------------------------------------------------------------------


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _index(ws: Workspace) -> dict[str, tuple[Any, Plan]]:
    """Every goal, sub-goal and initiative of the workspace's valid plans, by id."""
    index: dict[str, tuple[Any, Plan]] = {}
    for _, plan in ws.valid_plans:
        for goal in plan.goals:
            index.setdefault(goal.id, (goal, plan))
            for sub in goal.sub_goals:
                index.setdefault(sub.id, (sub, plan))
        for ini in plan.initiatives:
            index.setdefault(ini.id, (ini, plan))
    return index


def _sdg_refs(plan: Plan) -> Iterator[str]:
    for goal in plan.goals:
        yield from goal.sdgs
        for sub in goal.sub_goals:
            yield from sub.sdgs


def _indicators(plan: Plan) -> Iterable[Indicator]:
    return (i for g in plan.goals for s in g.sub_goals for i in s.indicators)


def slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation and symbols dropped,
    spaces to hyphens (`BS-1 En god start` -> `bs-1-en-god-start`)."""
    kept = []
    for char in text.lower():
        category = unicodedata.category(char)
        if char == " ":
            kept.append("-")
        elif char == "-" or category[0] in "LMN" or category == "Pc":
            kept.append(char)
    return "".join(kept)


def unique_anchor(anchors: dict[str, int], title: str) -> str:
    """The anchor GitHub gives a heading titled `title`: its slug, and `-1`, `-2` … after
    the first heading with that slug in the same document (`anchors` counts them)."""
    base = slug(title) or "afsnit"
    count = anchors.get(base, 0)
    anchors[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def progress_status(code: str, label: str) -> Context:
    """A progress status as every template shows it: its label, symbol and colours."""
    return {
        "code": code,
        "label": label,
        "symbol": SYMBOLS[code],
        "colour": COLOURS[code],
        "text_colour": readable_text_colour(COLOURS[code]),
        "text": f"{SYMBOLS[code]} {label}",
    }


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with `background` (WCAG 2 contrast)."""
    lum = _luminance(background)
    white = 1.05 / (lum + 0.05)
    black = (lum + 0.05) / 0.05
    return "#FFFFFF" if white >= black else "#000000"
