"""Amounts in kr.: read as written, added without rounding, shown in Danish form.

The one place money is added. Rule SP307, the overview, the spreadsheet and the plan documents
all add amounts with `total` and show them with the digits `shown` picks, so a warning from
`validate` and the tables in a document never disagree about the same plan.

An amount arrives from YAML as an int (exact) or a float. A float's shortest repr is the
number as written for up to 15 significant digits; a longer number is loaded as a `Written`
float that also keeps the digits from the file (yamlload). `exact` gives the Decimal the
planner wrote in every case, never the float's binary noise (0.1 + 0.2 is 0.3).

No Babel here: this module is on the validate path (the documents use Babel for the same
digits, render/formatting.py).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal

Number = int | float | Decimal

# Addition in this context is exact whatever the exponents (an amount may be 10^300 kr. or
# 10^-300 kr.); only exact operations are done in it, and Inexact traps if one ever is not.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow],
)
_ZERO = Decimal(0)
_ONE = Decimal(1)


class Written(float):
    """A number from YAML whose text has more digits than a float holds
    (`12345678901234567.89`): the float, for everything that computes, and `digits`, the
    number exactly as written."""

    __slots__ = ("digits",)
    digits: Decimal

    def __new__(cls, value: float, digits: Decimal) -> Written:
        self = super().__new__(cls, value)
        self.digits = digits
        return self

    def __reduce__(self) -> tuple[type[Written], tuple[float, Decimal]]:
        return Written, (float(self), self.digits)


def loaded(value: float, text: str) -> float:
    """A float YAML read from `text`: `value` itself, or a `Written` when `text` holds
    digits the float lost."""
    digits = _decimal(text)
    if digits is None or digits == Decimal(repr(value)) or float(digits) != value:
        return value
    return Written(value, digits)


def _decimal(text: str) -> Decimal | None:
    """The YAML 1.1 float `text` as a Decimal (None for .inf, .nan and base 60, 1:30.5)."""
    cleaned = text.replace("_", "")
    if ":" in cleaned:
        return None
    try:
        digits = Decimal(cleaned)
    except decimal.InvalidOperation:
        return None
    return digits if digits.is_finite() else None


def exact(value: Number) -> Decimal:
    """An amount as the Decimal the planner wrote."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Written):
        return value.digits
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def total(values: Iterable[Number]) -> Decimal:
    """The exact sum of amounts (0 for none)."""
    result = _ZERO
    for value in values:
        result = _EXACT.add(result, exact(value))
    return result


def is_whole(value: Number) -> bool:
    """The amount is a whole number of kroner."""
    value = exact(value)
    return value == _EXACT.to_integral_value(value)


def whole_thousands(value: Number) -> bool:
    """The amount is a whole number of thousands of kroner (budgets show those in 1.000 kr.)."""
    return is_whole(_EXACT.scaleb(exact(value), Decimal(-3)))


def in_thousands(value: Number) -> Decimal:
    """The amount in thousands of kroner, exactly."""
    return _EXACT.scaleb(exact(value), Decimal(-3))


def shown(value: Number) -> Decimal:
    """The amount as it is shown: every digit written, without trailing zeros (the format
    adds øre: at least two decimals for an amount that is not whole kroner)."""
    value = exact(value)
    if value == 0:
        return _ZERO  # no "-0"
    if is_whole(value):
        return _EXACT.quantize(value, _ONE)  # 5000.000 → 5000
    return _EXACT.normalize(value)


def amount(value: Number) -> str:
    """`1234567` -> `1.234.567`, `1234567.5` -> `1.234.567,50`: whole kroner, or with øre
    and any further digit written, so two different amounts never read the same."""
    value = shown(value)
    sign = "-" if value < 0 else ""
    whole, _, fraction = format(value.copy_abs(), "f").partition(".")
    grouped = sign + _grouped(whole)
    return f"{grouped},{fraction.ljust(2, '0')}" if fraction else grouped


def kr(value: Number) -> str:
    """`1234567.5` -> `1.234.567,50 kr.`"""
    return f"{amount(value)} kr."


def number(value: Number) -> str:
    """A number as a message or report shows it, in Danish: `1234.5` -> `1.234,5`, `9600` ->
    `9.600`; every digit as written, never an exponent, so a tiny value (`1e-20`) is never
    shown as 0. (Documents show numbers in their own language: render.formatting.)"""
    value = exact(value)
    if value == 0:
        return "0"  # no "-0"
    text = format(value.copy_abs(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")  # 83.0 -> 83
    whole, _, fraction = text.partition(".")
    sign = "-" if value < 0 else ""
    return sign + _grouped(whole) + (f",{fraction}" if fraction else "")


def _grouped(digits: str) -> str:
    """`1234567` -> `1.234.567`."""
    groups = [digits[max(end - 3, 0) : end] for end in range(len(digits), 0, -3)]
    return ".".join(reversed(groups))
