"""The plan's charts keep state per process (a Figure each for the timeline and the trend
charts, the texts' pictures, the legends) to be fast. A chart must still depend on nothing
but its own plan: the same bytes whatever was drawn before it, and in any language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sektorplan.internals.textcache import fast_canvas_class
from sektorplan.load.workspace import load_workspace
from sektorplan.render import charts
from sektorplan.render.context import Options, build_context
from sektorplan.render.formatting import Formatter

from ..conftest import EXAMPLE

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
    charts.forget_kept_charts()
    fast_canvas_class.cache_clear()


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


def _indicator(
    id_: str,
    unit: str,
    base: tuple[int, float],
    targets: list[tuple[int, float]],
    measured: list[tuple[int, float]],
    status: tuple[str, str, str] = ("● på sporet", "#4c9f38", "#000000"),
) -> dict[str, Any]:
    text, colour, text_colour = status
    return {
        "id": id_,
        "unit": unit,
        "status": {"text": text, "colour": colour, "text_colour": text_colour},
        "series": {
            "baseline": {"year": base[0], "value": base[1]},
            "targets": [{"year": y, "value": v} for y, v in targets],
            "measurements": [{"year": y, "value": v} for y, v in measured],
        },
    }


EDGE_CASES = [
    _indicator("E-1", "procent", (2023, 40), [(2027, 50), (2031, 60)], []),  # no measurements
    _indicator("E-2", "stk.", (2022, 3), [(2030, 10)], [(2024, 4)]),  # one target
    _indicator("E-3", "stk.", (2024, 5), [], []),  # a baseline only
    _indicator(
        "E-4",
        "mio. kr.",
        (2023, -12.5),
        [(2027, -3), (2031, 4.25)],
        [(2024, -15), (2025, -9.75)],
        ("✖ tilbageskridt", "#e5243b", "#ffffff"),
    ),
    _indicator(
        "E-5",
        "antal borgere over 65 år med hjemmehjælp i eget hjem",
        (2023, 1250),
        [(2035, 900)],
        [(2024, 1300), (2025, 1210), (2026, 1100)],
    ),
    _indicator(
        "E-6 med et langt navn",
        "kr",
        (2023, 0.5),
        [(2027, 0.75)],
        [(2025, 0.6)],
        ("◐ fremskridt – men skal accelereres og det meget hurtigt", "#fcc30b", "#000000"),
    ),
    _indicator("E-7", "", (2023, 0), [(2027, 0)], [(2024, 0)], ("", "#7f7f7f", "#000000")),
    _indicator("E-8 🚲", "cykler 🚲", (2020, 1.5e9), [(2030, 2.5e9)], [(2019, 1.6e9)]),
]


def _trend_chart(labels: dict[str, Any]) -> Any:
    return charts.trend_chart(labels["baseline"], labels["measurements"], labels["targets"])


def _initiative(
    id_: str, title: str, type_: str, years: tuple[int, int], milestones: list[int]
) -> dict[str, Any]:
    return {
        "id": id_,
        "title": title,
        "type": type_,
        "start": years[0],
        "end": years[1],
        "milestones": [{"year": y, "title": "x", "text": f"{y}: x"} for y in milestones],
    }


ONE = [_initiative("I-1", "Ny skole", "anlæg", (2025, 2027), [2026])]
MANY = [
    _initiative(f"I-{i}", f"Indsats nummer {i}", ("anlæg", "drift", "udvikling")[i % 3],
                (2024 + i % 7, 2026 + i % 9), [2025 + i % 10] * (i % 3))
    for i in range(17)
]  # fmt: skip
TIMELINE_CASES: list[tuple[str, list[dict[str, Any]], tuple[int, int]]] = [
    ("one", ONE, (2024, 2035)),
    ("many", MANY, (2024, 2035)),
    (
        "long names",
        [
            _initiative("I-" + "9" * 30, "Et meget langt navn " * 6, "drift", (2026, 2030), []),
            _initiative("I-2", "Kort", "udvikling", (2030, 2031), [2030, 2031]),
            _initiative(
                "I-3 🚲", "Cykelstier 🚲 og {{ x }} $a$ ÆØÅ æøå", "anlæg", (2024, 2024), []
            ),
        ],
        (2024, 2035),
    ),
    (
        "milestones outside bars and the period",
        [
            _initiative(
                "I-1", "Før og efter", "anlæg", (2027, 2028), [2024, 2031, 2035, 2040, 2019]
            ),
        ],
        (2024, 2035),
    ),
    (
        "the whole period and beyond",
        [
            _initiative("I-1", "Hele perioden", "drift", (2024, 2035), [2024, 2035]),
            _initiative("I-2", "Længere end perioden", "udvikling", (2020, 2040), []),
            _initiative("I-3", "Ukendt type", "andet", (2029, 2033), [2030]),
        ],
        (2024, 2035),
    ),
    ("one year", ONE, (2026, 2026)),
    ("seven years", MANY[:4], (2024, 2030)),
    ("no initiatives", [], (2024, 2035)),
]


def _timeline_labels(language: str) -> dict[str, Any]:
    return _contexts(language)[0]["labels"]


def test_a_timeline_does_not_depend_on_the_one_before() -> None:
    labels = _timeline_labels("da")
    with charts.drawing(charts.STYLE):
        alone = {}
        for name, rows, period in TIMELINE_CASES:
            alone[name] = charts._Timeline().draw(rows, period, labels)
        timeline = charts._Timeline()
        for name, rows, period in TIMELINE_CASES + TIMELINE_CASES[::-1]:
            assert timeline.draw(rows, period, labels) == alone[name], name


def test_a_chart_drawn_again_with_the_same_content_is_the_kept_picture(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same plan in a second language: a chart whose texts and numbers are the same is
    not drawn again, and is the same bytes; one that differs is drawn."""
    charts.forget_kept_charts()
    context = _contexts()[0]
    labels = context["labels"]
    indicators = [i for g in context["goals"] for s in g["sub_goals"] for i in s["indicators"]]
    number = Formatter(labels["locale"]).number
    first = charts.trend_pngs(indicators, labels, number)
    drawn: list[object] = []
    real = charts.png_bytes
    monkeypatch.setattr(charts, "png_bytes", lambda *a, **k: (drawn.append(a), real(*a, **k))[1])
    assert charts.trend_pngs(indicators, labels, number) == first
    assert drawn == []
    renamed = [{**indicators[0], "unit": "ton"}, *indicators[1:]]
    again = charts.trend_pngs(renamed, labels, number)
    assert len(drawn) == 1 and again[indicators[0]["id"]] != first[indicators[0]["id"]]
    charts.forget_kept_charts()
    assert charts.trend_pngs(indicators, labels, number) == first  # drawn anew: the same
