"""Numbers, amounts and dates in the document's form, with Babel: `1.234.567 kr.`,
`20. juni 2024`.

A number is shown with every digit the planner wrote: Babel's default rounding to three
decimals would silently change 0,1234 into 0,123. Sums are exact (Decimal), so a total of
0,1 and 0,2 is 0,3.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

_PRECISION = 400  # enough for every finite float (at most 309 digits before the point)


def exact(value: int | float | Decimal) -> Decimal:
    """The value as a Decimal with the digits it was written with (no binary noise)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def total(values: Iterable[int | float | Decimal]) -> Decimal:
    with decimal.localcontext() as ctx:
        ctx.prec = _PRECISION
        return sum((exact(v) for v in values), Decimal(0))


class Formatter:
    def __init__(self, locale: str, currency: str = "kr.") -> None:
        self.locale = locale
        self.currency = currency

    def number(self, value: int | float | Decimal) -> str:
        """`1234567.5` -> `1.234.567,5` (da): grouping, decimal comma, no digit lost."""
        return self._format(exact(value), "#,##0.###")

    def amount(self, value: int | float | Decimal) -> str:
        """An amount without the currency: whole kroner, or with øre (`1.234,50`)."""
        value = exact(value)
        pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
        return self._format(value, pattern)

    def kr(self, value: int | float | Decimal) -> str:
        """`1234567` -> `1.234.567 kr.`"""
        return f"{self.amount(value)} {self.currency}"

    def date(self, value: dt.date) -> str:
        """`2024-06-20` -> `20. juni 2024` (da), `20 June 2024` (en_DK)."""
        return format_date(value, format="long", locale=self.locale)

    def _format(self, value: Decimal, pattern: str) -> str:
        if value == 0:
            value = Decimal(0)  # no "-0"
        with decimal.localcontext() as ctx:
            ctx.prec = _PRECISION
            return format_decimal(
                value, format=pattern, locale=self.locale, decimal_quantization=False
            )
