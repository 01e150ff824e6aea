"""The planning periods: the four-year periods of the 12-year horizon, and the placeholder text.

Shared by the rules, authoring and the documents, so it lives with the model they all read.
"""

from __future__ import annotations

# The text `sektorplan new` writes where the planner must fill something in.
PLACEHOLDER = "UDFYLD"


def four_year_periods(start: int, end: int) -> list[tuple[int, int]]:
    """The four-year periods from `start` to `end`, the last one cut at `end`."""
    return [(y, min(y + 3, end)) for y in range(start, end + 1, 4)]


def current_year() -> int:
    """The year it is: from SOURCE_DATE_EPOCH when it is set (a build of last year's plans
    judges their measurements as of then), else the clock's."""
    from sektorplan.paths import build_time

    return build_time().year
