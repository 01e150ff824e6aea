"""The plan's charts keep state per process (a Figure each for the timeline and the trend
charts, the texts' pictures, the legends) to be fast. A chart must still depend on nothing
but its own plan: the same bytes whatever was drawn before it, and in any language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sektorplan.render import charts
from sektorplan.render.context import Options, build_context
from sektorplan.render.formatting import Formatter
from sektorplan.workspace import load_workspace

from .conftest import EXAMPLE

WHEN = dt.datetime(2024, 6, 20, tzinfo=dt.UTC)


def _contexts(language: str = "da") -> list[dict[str, Any]]:
    ws = load_workspace(EXAMPLE)
    return [build_context(ws, plan, Options(language, WHEN)) for _, plan in ws.valid_plans]


def _pictures(context: dict[str, Any]) -> tuple[bytes, dict[str, bytes]]:
    labels = context["labels"]
    indicators = [i for g in context["goals"] for s in g["sub_goals"] for i in s["indicators"]]
    timeline = charts.timeline_png(context["initiatives"], (2024, 2035), labels)
    trends = charts.trend_pngs(indicators, labels, Formatter(labels["locale"]).number)
    return timeline, trends


def _fresh_process() -> None:
    """Forget what the charts keep, as a new worker process would start."""
    charts._timeline.cache_clear()
    charts._trend_chart.cache_clear()
    charts._canvas.cache_clear()


@pytest.fixture(autouse=True)
def _forget() -> Any:
    _fresh_process()
    yield
    _fresh_process()


def test_a_plans_charts_do_not_depend_on_the_charts_drawn_before_them() -> None:
    contexts = _contexts()
    assert len(contexts) >= 3
    alone = {}
    for context in contexts:  # each the first a process draws
        _fresh_process()
        alone[context["plan"]["department"]["id"]] = _pictures(context)
    _fresh_process()
    after_others = {c["plan"]["department"]["id"]: _pictures(c) for c in contexts}
    _fresh_process()
    backwards = {c["plan"]["department"]["id"]: _pictures(c) for c in reversed(contexts)}
    for department, pictures in alone.items():
        assert after_others[department] == pictures, department
        assert backwards[department] == pictures, department
    assert after_others == backwards


def test_another_language_between_two_drawings_changes_nothing() -> None:
    danish, english = _contexts("da")[0], _contexts("en")[0]
    first = _pictures(danish)
    in_english = _pictures(english)
    assert _pictures(danish) == first
    # The English legend is not the Danish one: the kept legends follow the labels.
    assert in_english[0] != first[0]
    assert in_english[1] != first[1]
