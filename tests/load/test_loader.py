"""Loading YAML with positions: what a plain YAML loader would hide becomes a finding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sektorplan.load.yamlfile import Composer, Document, load_bytes, load_file


def load(source: bytes | str) -> Document:
    raw = source.encode() if isinstance(source, str) else source
    return load_bytes(raw, Document(Path("plan.yaml"), "plan.yaml"))


def rules(doc: Document) -> list[str]:
    return [f.rule for f in doc.findings]


def test_values_keep_their_line_and_column() -> None:
    doc = load('mål:\n  - id: BS-1\n    verdensmål: ["4.1", 17.10]\n')
    assert doc.position(("mål", 0, "verdensmål", 1)) == (3, 25)
    assert doc.position(("mål", 0, "id"), key=True) == (2, 5)
    # a missing key points at the deepest part that exists
    assert doc.position(("mål", 0, "delmål")) == (2, 5)


def test_unquoted_decimal_keeps_its_raw_text() -> None:
    doc = load("verdensmål: [17.10]\n")
    assert doc.data == {"verdensmål": [17.1]}
    assert doc.raw_scalar(("verdensmål", 0)) == "17.10"


def test_quoted_scalar_has_no_raw_text() -> None:
    assert load('a: "17.10"\n').raw_scalar(("a",)) is None


def test_duplicate_key_names_both_lines() -> None:
    doc = load("titel: A\nstatus: udkast\ntitel: B\n")
    assert rules(doc) == ["SP005"]
    assert (doc.findings[0].line, doc.findings[0].column) == (3, 1)
    assert "linje 1 og 3" in doc.findings[0].message
    assert doc.data["titel"] == "A"


def test_alias_is_reported_where_it_is_written() -> None:
    doc = load("a: &x [1, 2]\nb: 1\nc: *x\n")
    assert rules(doc) == ["SP006"]
    assert (doc.findings[0].line, doc.findings[0].column) == (3, 4)


def test_anchor_without_alias_is_harmless() -> None:
    assert rules(load("a: &x 1\nb: 2\n")) == []


def test_alias_bomb_is_stopped_without_expanding() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    doc = load("\n".join(lines) + "\n")
    assert set(rules(doc)) == {"SP006"}


def test_undefined_alias_is_an_alias_finding() -> None:
    assert rules(load("a: *nowhere\n")) == ["SP006"]


def test_syntax_error_has_position_and_danish_hint() -> None:
    doc = load("vision: Mål: alle børn\n")
    (finding,) = doc.findings
    assert (finding.rule, finding.line, finding.column) == ("SP004", 1, 12)
    assert "anførselstegn" in finding.message


def test_not_utf8_names_the_byte_position() -> None:
    doc = load("titel: Skole\nvision: gr\xf8n\n".encode("latin-1"))
    (finding,) = doc.findings
    assert (finding.rule, finding.line, finding.column) == ("SP001", 2, 11)


def test_bom_and_crlf_are_fine() -> None:
    doc = load(b"\xef\xbb\xbftitel: Skole\r\nstatus: udkast\r\n")
    assert doc.findings == []
    assert doc.data == {"titel": "Skole", "status": "udkast"}


@pytest.mark.parametrize("source", ["", "   \n\n", "# kun en kommentar\n"])
def test_empty_files(source: str) -> None:
    assert rules(load(source)) == ["SP002"]


def test_oversized_file() -> None:
    assert rules(load(b"a: 1\n" + b"#" * (5 * 1024 * 1024))) == ["SP003"]


def test_control_character_is_reported_and_the_rest_still_read() -> None:
    doc = load("a: x\x07y\nb: 2\nb: 3\n")
    assert rules(doc) == ["SP007", "SP005"]
    assert (doc.findings[0].line, doc.findings[0].column) == (1, 5)


def test_tab_and_newline_are_not_control_findings() -> None:
    assert rules(load("a: 'x\ty'\n")) == []


def test_unknown_tag_is_reported() -> None:
    assert rules(load("a: !python/object x\n")) == ["SP008"]


def test_complex_key_is_reported() -> None:
    assert rules(load("? [a, b]\n: 1\n")) == ["SP008"]


def test_impossible_date_is_reported_not_crashed() -> None:
    assert rules(load("vedtaget: 2024-02-30\n")) == ["SP102"]


def test_yaml_types() -> None:
    doc = load("a: 14.a\nb: 2024-06-20\nc: 010\nd: 2027\ne: ~\nf: yes\ng: '2027'\n")
    assert doc.data == {
        "a": "14.a",
        "b": dt.date(2024, 6, 20),
        "c": 8,  # YAML 1.1 octal, as PyYAML reads it
        "d": 2027,
        "e": None,
        "f": True,
        "g": "2027",
    }


@pytest.mark.parametrize(
    "scalar",
    [
        "abc",
        "17.10",
        "1_000",
        "0x1F",
        "-5",
        "+3",
        ".inf",
        "-.Inf",
        ".nan",
        "NULL",
        "Null",
        "~",
        "yes",
        "No",
        "on",
        "OFF",
        "true",
        "2024-06-20",
        "2024-06-20 10:00:00",
        "1:20",
        "0o17",
        "1e3",
        "1.5e-3",
        "",
        "nej",
        "<<",
        "=",
        "12:30:00",
        "0.",
        ".5",
        "0b101",
    ],
)
def test_fast_resolver_agrees_with_pyyaml(scalar: str) -> None:
    text = f"a: {scalar}\n"
    ours = yaml.compose(text, Loader=Composer).value[0][1].tag
    theirs = yaml.compose(text, Loader=yaml.SafeLoader).value[0][1].tag
    assert ours == theirs


def test_unreadable_file(tmp_path: Path) -> None:
    doc = load_file(tmp_path / "mangler.yaml")
    assert rules(doc) == ["SP009"]


@pytest.mark.parametrize("escape", ["\\a", "\\x07", "\\uFFFF", "\\uFFFE", "\\0"])
def test_escaped_characters_no_document_can_hold(escape: str) -> None:
    doc = load(f'titel: "Skole{escape}plan"\n')
    assert rules(doc) == ["SP007"]


def test_ordinary_escapes_are_fine() -> None:
    doc = load('titel: "Skole\\tplan \\u00e6 \\"x\\""\n')
    assert rules(doc) == []
    assert doc.data["titel"] == 'Skole\tplan æ "x"'


@pytest.mark.parametrize(
    "source",
    [
        "a: " + "{a: " * 500 + "1" + "}" * 500,
        "a:\n" + "".join("  " * i + "-\n" for i in range(1, 150)),
    ],
)
def test_deep_nesting_is_a_syntax_finding_not_a_crash(source: str) -> None:
    doc = load(source)
    assert rules(doc) == ["SP004"]
    assert "indlejret" in doc.findings[0].message
    assert doc.findings[0].line > 1 or doc.findings[0].column > 1


def test_ordinary_nesting_is_fine() -> None:
    doc = load("a: " + "{a: " * 50 + "1" + "}" * 50)
    assert rules(doc) == []


@pytest.mark.parametrize("number", ["1" * 5000, "0x" + "f" * 5000, "-" + "1" * 1001])
def test_an_absurdly_long_integer_is_a_finding_not_a_crash(number: str) -> None:
    doc = load(f"a: 1\nb: {number}\n")
    assert rules(doc) == ["SP102"]
    assert (doc.findings[0].line, doc.findings[0].column) == (2, 4)
    assert "alt for stort" in doc.findings[0].message and len(doc.findings[0].message) < 100
    digits = f"{len(number):,}".replace(",", ".")
    assert f"har {digits} tegn" in doc.findings[0].message


def test_an_integer_beyond_any_float_is_not_a_number_for_the_plan() -> None:
    from pydantic import ValidationError

    from sektorplan.model.plan import Baseline

    assert Baseline.model_validate({"år": 2020, "værdi": 10**300}).value == 10**300
    with pytest.raises(ValidationError, match="number_not_finite"):
        Baseline.model_validate({"år": 2020, "værdi": 10**400})


def test_a_file_over_the_limit_is_a_finding_with_its_size() -> None:
    from sektorplan.load.yamlfile import MAX_BYTES

    raw = b"a: 1\n#" + b"x" * MAX_BYTES
    doc = load(raw)
    [finding] = doc.findings
    size = f"{len(raw):,}".replace(",", ".")
    assert f"Filen fylder {size} byte; grænsen er 5 MiB (5.242.880 byte)." in finding.message
