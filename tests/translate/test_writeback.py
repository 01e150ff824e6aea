"""Writing a translation into a YAML text changes only that value."""

from __future__ import annotations

import pytest
import yaml

from sektorplan.translate.writeback import Change, WriteError, scalar, with_translations

SOURCE = """\
# En kommentar
titel: Skoleplan  # bliver stående
vision: >-
  Første linje
  anden linje.
udgangspunkt:
  da: Dansk
  en: English  # engelsk
mål:
  - id: X-1
    titel: 'Med, komma'
    milepæle:
      - {år: 2027, titel: Byggeriet går i gang}
"""


def test_each_form_gets_its_translation_and_the_rest_stays() -> None:
    changes = [
        Change(("titel",), "kl", "Atuarfik"),
        Change(("vision",), "kl", "Takorluukkat\nanden"),
        Change(("udgangspunkt",), "kl", "Kalaallisut"),
        Change(("mål", 0, "titel"), "kl", "a: b"),
        Change(("mål", 0, "milepæle", 0, "titel"), "kl", "ĸ 🙂"),
    ]
    out = with_translations(SOURCE, "da", changes)
    assert (
        out
        == """\
# En kommentar
titel: {da: Skoleplan, kl: Atuarfik}  # bliver stående
vision:
  da: >-
    Første linje
    anden linje.
  kl: "Takorluukkat\\nanden"
udgangspunkt:
  da: Dansk
  en: English  # engelsk
  kl: Kalaallisut
mål:
  - id: X-1
    titel: {da: 'Med, komma', kl: "a: b"}
    milepæle:
      - {år: 2027, titel: {da: Byggeriet går i gang, kl: ĸ 🙂}}
"""
    )


def test_crlf_line_ends_are_kept_and_an_existing_translation_replaced() -> None:
    source = "titel:\r\n  da: Skole\r\n  kl: Gammel\r\nvision: Se\r\n"
    out = with_translations(source, "da", [Change(("titel",), "kl", "Ny")])
    assert out == "titel:\r\n  da: Skole\r\n  kl: Ny\r\nvision: Se\r\n"
    added = with_translations(source, "da", [Change(("vision",), "en", "See")])
    assert added == "titel:\r\n  da: Skole\r\n  kl: Gammel\r\nvision: {da: Se, en: See}\r\n"


@pytest.mark.parametrize(
    "text", ["yes", "123", "- x", "a #b", " lead", "{x}", "ja\u2028nej", "'q", "null", "@x"]
)
def test_a_scalar_reads_back_as_the_same_text(text: str) -> None:
    for flow in (True, False):
        document = f"{{x: {scalar(text, flow=True)}}}" if flow else f"x: {scalar(text, flow=False)}"
        assert yaml.safe_load(document) == {"x": text}


def test_a_missing_key_is_an_error() -> None:
    with pytest.raises(WriteError):
        with_translations(SOURCE, "da", [Change(("mål", 3, "titel"), "kl", "x")])
