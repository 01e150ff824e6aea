"""Numbers, amounts and dates in the document's form, with Babel: `1.234.567 kr.`,
`20. juni 2024`.

A number is shown with every digit the planner wrote: Babel's default rounding to three
decimals would silently change 0,1234 into 0,123. The digits come from `money` (as written,
added exactly), the same ones `validate`'s messages show: Babel only lays them out.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

from sektorplan.model import money

_PRECISION = 400  # enough for every finite float (at most 309 digits before the point)


class Formatter:
    def __init__(self, locale: str, currency: str = "kr.") -> None:
        self.locale = locale
        self.currency = currency

    def number(self, value: int | float | Decimal) -> str:
        """`1234567.5` -> `1.234.567,5` (da): grouping, decimal comma, no digit lost."""
        return self._format(money.exact(value), "#,##0.###")

    def amount(self, value: int | float | Decimal) -> str:
        """An amount without the currency: whole kroner, or with øre (`1.234,50`) and any
        further digit written; the digits `money.amount` shows in a message."""
        pattern = "#,##0" if money.is_whole(value) else "#,##0.00"
        return self._format(money.shown(value), pattern)

    def kr(self, value: int | float | Decimal) -> str:
        """`1234567` -> `1.234.567 kr.`"""
        return f"{self.amount(value)} {self.currency}"

    def date(self, value: dt.date) -> str:
        """`2024-06-20` -> `20. juni 2024` (da), `20 June 2024` (en_DK)."""
        return format_date(value, format="long", locale=self.locale)

    def _format(self, value: Decimal, pattern: str) -> str:
        if value == 0:
            value = Decimal(0)  # no "-0"
        # The text is the key: 1.0 and 1 are equal Decimals, but are shown differently.
        return _formatted(self.locale, str(value), pattern)


@lru_cache(maxsize=4096)
def _formatted(locale: str, text: str, pattern: str) -> str:
    """Babel's layout of the Decimal written `text`, kept per process: a plan's documents
    show the same years, amounts and values many times, and Babel takes 50 µs for each."""
    value = Decimal(text)
    _, digits, exponent = value.as_tuple()
    with decimal.localcontext() as ctx:
        # room for every digit before and after the point: Babel rounds to the context
        ctx.prec = max(_PRECISION, len(digits) + abs(int(exponent)) + 1)
        return format_decimal(value, format=pattern, locale=locale, decimal_quantization=False)
