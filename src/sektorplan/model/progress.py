"""Fremskridt og tilbageskridt: a status for every indicator, by a published method.

The method is the progress measure of Open SDG (Statistics Canada's adaptation of Eurostat's
method for assessing progress towards the SDGs), applied to one indicator: its baseline, its
latest measurement and the next target value. docs/progress.md explains it and every edge
case decided here. Only the standard library, the models and the documents' label catalogue
are imported: the validate path may use this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sektorplan.load.yamlfile import Document
from sektorplan.model.periods import current_year
from sektorplan.model.plan import Indicator, Plan

if TYPE_CHECKING:
    from sektorplan.load.workspace import Workspace

ACHIEVED = "achieved"
ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED = "limited"
DETERIORATION = "deterioration"
INSUFFICIENT_DATA = "insufficient_data"

# The fixed display order: best first, then "cannot tell".
STATUSES = (ACHIEVED, ON_TRACK, NEEDS_ACCELERATION, LIMITED, DETERIORATION, INSUFFICIENT_DATA)


def _danish_labels() -> dict[str, str]:
    """The statuses' words live in one place for every language: the documents' label
    catalogues (labels/*.yaml, `progress_statuses`). Danish is the one
    `sektorplan progress` writes."""
    from sektorplan.i18n import labels

    return dict(labels("da")["progress_statuses"])


LABELS = _danish_labels()

# One shape per status, so the status reads without colour too (print, colour blindness).
SYMBOLS = {
    ACHIEVED: "✔",
    ON_TRACK: "●",
    NEEDS_ACCELERATION: "◐",
    LIMITED: "○",
    DETERIORATION: "✖",
    INSUFFICIENT_DATA: "?",
}

# Green to red, as Open SDG's gauges; grey where nothing can be said.
COLOURS = {
    ACHIEVED: "#1b7f3b",
    ON_TRACK: "#4c9f38",
    NEEDS_ACCELERATION: "#d9a800",
    LIMITED: "#e5730e",
    DETERIORATION: "#c5192d",
    INSUFFICIENT_DATA: "#7f7f7f",
}

ON_TRACK_FROM = 0.95
ACCELERATION_FROM = 0.6
LIMITED_FROM = 0.0
# R is rounded before it meets the thresholds: a ratio that is exactly 0.6 on paper (say
# 0.1 / (0.5 / 3)) comes out of binary floating point as 0.5999999999999999.
RATIO_DECIMALS = 9

Point = tuple[int, float]


@dataclass(frozen=True)
class Progress:
    """One indicator's status. `ratio` is R (None where no R is computed: achieved,
    insufficient data, or a target equal to the baseline); `latest` is the latest measurement
    and `target` the target it is measured against, each as (year, value)."""

    status: str
    ratio: float | None = None
    latest: Point | None = None
    target: Point | None = None

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def colour(self) -> str:
        return COLOURS[self.status]


def indicator_progress(
    indicator: Indicator, measurements: Mapping[int, float] | None = None
) -> Progress:
    """The status of `indicator`, from `measurements` by year (default: its own `målinger`;
    pass `measurements.merged(ws)[indicator.id]` to include the statistics office's files)."""
    values = indicator.measurements if measurements is None else measurements
    # A measurement from a year that has not come is a typing error (warning SP312), not
    # progress: it never makes an indicator «opnået».
    this_year = current_year()
    if any(year > this_year for year in values):
        values = {year: value for year, value in values.items() if year <= this_year}
    direction = 1 if indicator.direction == "op" else -1
    return assess(
        direction,
        (indicator.baseline.year, indicator.baseline.value),
        values,
        indicator.targets,
    )


def assess(
    direction: int,
    baseline: Point,
    measurements: Mapping[int, float],
    targets: Mapping[int, float],
) -> Progress:
    """The method itself: direction +1 (op) or -1 (ned), the baseline (t0, y0), measurements
    and target values by year."""
    t0, y0 = baseline
    latest = max(measurements.items()) if measurements else None
    target = _target(targets, max(t0, latest[0]) if latest else t0)
    if latest is None or latest[0] <= t0 or target is None or target[0] <= t0:
        # No measurement after the baseline. (A target year not after the baseline breaks
        # SP213, so a valid plan never has one; it is no reason to crash either.)
        return Progress(INSUFFICIENT_DATA, None, latest, target)
    (t, yt), (big_t, y_target) = latest, target
    if direction * (yt - y_target) >= 0:
        return Progress(ACHIEVED, None, latest, target)
    observed, required = _rates(t0, y0, t, yt, big_t, y_target)
    if required == 0:
        # The target holds the baseline level and the latest value is on the wrong side of it.
        return Progress(DETERIORATION, None, latest, target)
    # Open SDG's R = d · obs / |req|. For a target on the intended side of the baseline this
    # is obs / req; for one on the wrong side (warning SP301) it keeps a value that moves the
    # wrong way from looking like progress.
    ratio = round(direction * observed / abs(required), RATIO_DECIMALS) + 0.0  # no -0.0
    if not math.isfinite(ratio):
        # A required rate so small next to the observed one that R overflows: the status
        # follows from its sign; R itself has no finite value to report.
        return Progress(_status(ratio), None, latest, target)
    return Progress(_status(ratio), ratio, latest, target)


def _target(targets: Mapping[int, float], after: int) -> Point | None:
    """The first target year after `after`, or the last one if all have passed."""
    if not targets:
        return None
    years = sorted(targets)
    year = next((y for y in years if y > after), years[-1])
    return year, targets[year]


def _rates(
    t0: int, y0: float, t: int, yt: float, big_t: int, y_target: float
) -> tuple[float, float]:
    """Observed and required yearly rates: compound where every value is positive, linear
    otherwise (a compound rate has no meaning across zero or for negative values).

    Values so far apart that a rate overflows a float (1e-200 to 1e200) fall back: from
    compound to linear rates, and from linear rates of the values to linear rates of their
    halves (exact in binary, and R, a quotient of the two rates, is the same)."""
    if y0 > 0 and yt > 0 and y_target > 0:
        try:
            observed = (yt / y0) ** (1 / (t - t0)) - 1
            required = (y_target / y0) ** (1 / (big_t - t0)) - 1
        except (OverflowError, ZeroDivisionError):
            observed = required = math.inf
        if math.isfinite(observed) and math.isfinite(required):
            return observed, required
    observed = (yt - y0) / (t - t0)
    required = (y_target - y0) / (big_t - t0)
    if math.isfinite(observed) and math.isfinite(required):
        return observed, required
    return (yt / 2 - y0 / 2) / (t - t0), (y_target / 2 - y0 / 2) / (big_t - t0)


def _status(ratio: float) -> str:
    if ratio >= ON_TRACK_FROM:
        return ON_TRACK
    if ratio >= ACCELERATION_FROM:
        return NEEDS_ACCELERATION
    if ratio >= LIMITED_FROM:
        return LIMITED
    return DETERIORATION


def counts(progresses: Iterable[Progress]) -> dict[str, int]:
    """How many of each status, every status present (zero too), in `STATUSES` order."""
    result = dict.fromkeys(STATUSES, 0)
    for progress in progresses:
        result[progress.status] += 1
    return result


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator of a plan in a workspace, with its status."""

    doc: Document
    plan: Plan
    indicator: Indicator
    progress: Progress


def workspace_progress(ws: Workspace, files: set[Path] | None = None) -> list[IndicatorStatus]:
    """Every indicator of the valid plans (or of the plans in `files`, resolved paths) with the
    plan's own measurements and målinger/*.csv merged: plans in the order of `forvaltninger`,
    then by file; indicators in the order they are written."""
    from sektorplan.load.measurements import merged

    values = merged(ws)
    order = {d.id: i for i, d in enumerate(ws.config.departments)} if ws.config else {}
    plans = sorted(
        (
            (doc, plan)
            for doc, plan in ws.valid_plans
            if files is None or doc.path.resolve() in files
        ),
        key=lambda item: (order.get(item[1].department, len(order)), str(item[0].path)),
    )
    return [
        IndicatorStatus(doc, plan, ind, indicator_progress(ind, values.get(ind.id)))
        for doc, plan in plans
        for goal in plan.goals
        for sub in goal.sub_goals
        for ind in sub.indicators
    ]
