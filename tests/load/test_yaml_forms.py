"""What YAML makes of a value that is not what it shows: YAML 1.1's number forms, explicit
tags, anchors and aliases; and the bound on the work per file. Each is a Danish finding at its
line and column, never a traceback, and said once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sektorplan.check.validate import validate
from sektorplan.findings import Severity
from sektorplan.load import yamlfile
from sektorplan.load.yamlfile import Document, load_bytes

from ..conftest import edit


def load(source: str) -> Document:
    return load_bytes(source.encode(), Document(Path("plan.yaml"), "plan.yaml"))


@pytest.mark.parametrize(
    ("written", "made", "advice"),
    [
        ("0150000", "53.248", "Skriv 150000, hvis det er tallet"),
        ("-017", "-15", "Skriv -17, hvis det er tallet"),
        ("1:18", "78", "60-talsystemet"),
        ("1:30.5", "90.5", "60-talsystemet"),
        ("0x7eb", "2.027", "sekstentalsystem"),
        ("0b101", "5", "totalsystem"),
    ],
)
def test_a_yaml_11_number_says_what_yaml_made_of_it(written: str, made: str, advice: str) -> None:
    doc = load(f"titel: x\nværdi: {written}\n")
    assert [(f.rule, f.line, f.column, f.path) for f in doc.findings] == [("SP102", 2, 8, "værdi")]
    message = doc.findings[0].message
    assert message.startswith(f"«{written}» læses af YAML som {made} (")
    assert advice in message
    assert f'"{written}" i anførselstegn' in message


@pytest.mark.parametrize("written", ["0", "2024", "1.5", '"0150000"', "'1:18'", "12.30"])
def test_ordinary_numbers_and_quoted_texts_pass(written: str) -> None:
    assert load(f"værdi: {written}\n").findings == []


def test_a_yaml_11_number_in_a_plan_is_one_finding(workspace: Path) -> None:
    edit(workspace / "planer" / "bs.yaml", "værdi: 78}", "værdi: 0150000}")
    errors = [f for f in validate([workspace]).findings if f.severity is Severity.ERROR]
    assert [f.rule for f in errors] == ["SP102"]
    assert "53.248" in errors[0].message


@pytest.mark.parametrize(
    "written",
    [
        '!!bool "maybe"',
        '!!int ""',
        '!!float ""',
        '!!timestamp "2024"',
        '!!int "+"',
        '!!seq "BS"',
        "!!str 2024",
        "!egen x",
        "!!binary MS4w",
    ],
)
def test_an_explicit_tag_on_a_value_is_a_finding(written: str) -> None:
    doc = load(f"titel: x\nversion: {written}\n")
    assert [(f.rule, f.line, f.column) for f in doc.findings] == [("SP008", 2, 10)]
    message = doc.findings[0].message
    assert message.startswith("YAML-tagget !")
    assert "0x" not in message and "generator" not in message
    assert isinstance(doc.data["version"], str)


@pytest.mark.parametrize("written", ["!!omap {a: 1}", "!!set {a: null}", "!!map [1]", "!x [1]"])
def test_a_tag_on_a_mapping_or_list_is_a_finding(written: str) -> None:
    doc = load(f"titel: x\nmål: {written}\n")
    assert [(f.rule, f.line) for f in doc.findings] == [("SP008", 2)]


def test_a_tagged_value_in_a_plan_gives_no_traceback(workspace: Path) -> None:
    edit(workspace / "planer" / "bs.yaml", 'version: "1.0"', 'version: !!seq "BS"')
    findings = validate([workspace]).findings
    assert [f.rule for f in findings] == ["SP008"]


def test_a_merge_key_is_named() -> None:
    doc = load("a: 1\n<<: {b: 2}\n")
    assert [f.rule for f in doc.findings] == ["SP008"]
    assert "«<<»" in doc.findings[0].message


def test_an_alias_names_its_anchor() -> None:
    doc = load("a: &faelles Skoleafdelingen\nb: 1\nc: *faelles\n")
    assert [(f.rule, f.line, f.column) for f in doc.findings] == [("SP006", 3, 4)]
    message = doc.findings[0].message
    assert "(*faelles)" in message and "ankeret &faelles i linje 1" in message


def test_an_anchor_yaml_cannot_read_is_named() -> None:
    doc = load("a: &fælles Skoleafdelingen\nc: *fælles\n")
    assert [(f.rule, f.line, f.column) for f in doc.findings] == [("SP006", 1, 4)]
    assert "«&fælles»" in doc.findings[0].message


def test_an_undefined_alias_is_named() -> None:
    doc = load("a: *ingen\n")
    assert [f.rule for f in doc.findings] == ["SP006"]
    assert "«*ingen»" in doc.findings[0].message


def test_an_alias_of_a_text_gets_no_second_finding(workspace: Path) -> None:
    """The alias repeats the anchored text, so nothing else (SP304: no ansvarlig) is said."""
    plan = workspace / "planer" / "bs.yaml"
    edit(plan, "{navn: Skolechefen,", "{navn: &enhed Skolechefen,")
    edit(plan, "    ansvarlig: Skoleafdelingen", "    ansvarlig: *enhed")
    findings = validate([workspace]).findings
    assert [f.rule for f in findings] == ["SP006"], findings
    assert "&enhed" in findings[0].message


def test_the_values_of_a_file_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "MAX_NODES", 1000)
    start = time.monotonic()
    doc = load("".join(f"k{i}: {i}\n" for i in range(5000)))
    assert time.monotonic() - start < 5
    assert [f.rule for f in doc.findings] == ["SP003"]
    assert "mere end 1.000 værdier" in doc.findings[0].message
    assert doc.data is None


def test_a_real_plan_is_far_below_the_bound() -> None:
    from ..conftest import EXAMPLE

    for path in (EXAMPLE / "planer").glob("*.yaml"):
        text = path.read_text("utf-8")
        assert text.count(":") + text.count("- ") < yamlfile.MAX_NODES / 20
