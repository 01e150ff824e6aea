"""The documents of the example plans: Markdown and HTML against golden files, the Word
document's content, and byte-for-byte reproducibility.

Regenerate the golden files after an intended change to the documents:
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import docx
import pytest

from sektorplan.render import render_plan
from sektorplan.workspace import load_workspace

from .conftest import EXAMPLE

GOLDEN = Path(__file__).parent / "golden"
EPOCH = "1750000000"  # 2025-06-15 15:06:40 UTC
PLANS = sorted(p.stem for p in (EXAMPLE / "planer").glob("*.yaml"))


def render_examples(out: Path, stems: list[str], formats: list[str]) -> list[Path]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        ws = load_workspace(EXAMPLE)
        written = []
        for plan_file in ws.plans:
            if plan_file.path.stem in stems:
                written += render_plan(ws, plan_file, formats, out)
        return written


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example plan as Markdown, HTML and Word, rendered once for this module."""
    out = tmp_path_factory.mktemp("build")
    render_examples(out, PLANS, ["md", "html", "docx"])
    return out


@pytest.fixture(scope="module")
def bs(rendered: Path) -> docx.document.Document:
    return docx.Document(str(rendered / "bs.docx"))


# --- Markdown and HTML: golden files ------------------------------------------------------


@pytest.mark.parametrize("name", [f"{stem}.{ext}" for stem in PLANS for ext in ("md", "html")])
def test_markdown_and_html_match_the_golden_files(rendered: Path, name: str) -> None:
    actual = (rendered / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden} mangler: kør med UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8"), (
        f"{name} er ændret; er ændringen tilsigtet, så kør med UPDATE_GOLDEN=1"
    )


def test_every_plan_gets_its_documents_and_its_chart(rendered: Path) -> None:
    names = {p.name for p in rendered.iterdir()}
    for stem in PLANS:
        assert {f"{stem}.md", f"{stem}.html", f"{stem}.docx", f"{stem}-tidslinje.png"} <= names
    assert not [n for n in names if n.startswith(".")], "no temporary files are left behind"


def test_markdown_links_the_chart_and_the_headings(rendered: Path) -> None:
    text = (rendered / "bs.md").read_text(encoding="utf-8")
    assert "](bs-tidslinje.png)" in text
    assert "- [Vision](#vision)" in text
    assert "  - [BS-I1 Ny skole i Siorarsiorfik](#bs-i1-ny-skole-i-siorarsiorfik)" in text
    assert "### BS-I1 Ny skole i Siorarsiorfik" in text


def test_html_has_the_badges_in_the_goal_colours(rendered: Path) -> None:
    text = (rendered / "bs.html").read_text(encoding="utf-8")
    assert (
        '<li class="badge" style="background-color: #C5192D; color: #FFFFFF">'
        "4.1 Kvalitetsuddannelse</li>"
    ) in text
    assert '<img src="bs-tidslinje.png"' in text
    assert '<h3 id="bs-i1-ny-skole-i-siorarsiorfik">' in text


# --- Word ------------------------------------------------------------------------------------


def headings(document: docx.document.Document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def table_with(document: docx.document.Document, text: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if any(text in cell for row in rows for cell in row):
            return rows
    raise AssertionError(f"ingen tabel med {text!r}")


def test_word_has_the_sections_in_order(bs: docx.document.Document) -> None:
    assert headings(bs, 1) == [
        "Vision",
        "Udgangspunkt",
        "Mål og delmål",
        "Handlingsplan",
        "Anlægsoversigt",
        "Driftsudgifter",
        "Tidslinje",
        "Bilag: Verdensmålene i planen",
    ]
    assert headings(bs, 2)[:4] == [
        "BS-1 En god skolestart og en vej videre for alle børn",
        "BS-2 Plads til alle elever i tidssvarende skoler",
        "BS-3 Uddannede lærere i alle klasser",
        "BS-I1 Ny skole i Siorarsiorfik",
    ]
    assert "BS-1.1 Flere børn går i dagtilbud før skolestart" in headings(bs, 3)
    title = next(p.text for p in bs.paragraphs if p.style.name == "Title")
    assert title == "Skolesektorplan 2024–2035"


def test_word_front_page_has_the_facts_in_danish(bs: docx.document.Document) -> None:
    facts = dict(map(tuple, table_with(bs, "Planstrategi")))
    assert facts["Kommune"] == "Kommuneqarfik Sermersooq"
    assert facts["Periode"] == "2024–2035"
    assert facts["Status"] == "Vedtaget"
    assert facts["Vedtaget"] == "27. marts 2025"
    assert facts["Version"] == "1.1"
    assert facts["Ansvarlig for planen"] == "Skolechefen (skole@example.gl)"


def test_word_indicator_table_has_baseline_targets_and_latest(
    bs: docx.document.Document,
) -> None:
    rows = table_with(bs, "BS-1.1.a")
    assert rows[0] == [
        "Indikator",
        "Enhed",
        "Retning",
        "Basis",
        "Målværdier",
        "Seneste måling",
    ]
    name, unit, direction, baseline, targets, latest = rows[1]
    assert name.splitlines() == [
        "BS-1.1.a Andel børn i dagtilbud året før skolestart",
        "Kilde: Grønlands Statistik",
        "FN-indikator: 4.2.2",
    ]
    assert (unit, direction, baseline, latest) == ("%", "Højere er bedre", "78 (2023)", "83 (2025)")
    assert targets == "2027: 84\n2031: 90\n2035: 95"


def test_word_construction_overview_has_danish_amounts_and_totals(
    bs: docx.document.Document,
) -> None:
    rows = table_with(bs, "110.000")
    assert rows[0] == ["Indsats", "2027", "2028", "2029", "2030", "2031", "2032", "I alt"]
    assert rows[1][0] == "BS-I1 Ny skole i Siorarsiorfik"
    # Whole thousands: the tables are in 1.000 kr., as a budget is.
    assert rows[1][1:] == ["15.000", "90.000", "110.000", "45.000", "–", "–", "260.000"]
    totals = ["15.000", "100.000", "135.000", "75.000", "20.000", "10.000", "355.000"]
    assert rows[-1] == ["I alt", *totals]
    paragraphs = [p.text for p in bs.paragraphs]
    assert "Alle beløb er i 1.000 kr." in paragraphs
    assert "I alt: 355.000.000 kr." in paragraphs


def test_word_operating_costs_over_many_years_come_per_planning_period(
    bs: docx.document.Document,
) -> None:
    periods = [p.text for p in bs.paragraphs if p.style.name == "Tabeltitel"]
    assert periods == ["2024–2027", "2028–2031", "I alt"]
    summary = table_with(bs, "2024–2027")
    assert summary[0] == ["Indsats", "2024–2027", "2028–2031", "I alt"]
    assert summary[-1] == ["I alt", "18.700", "51.400", "70.100"]


def test_word_action_plan_names_contributions_and_dependencies(
    bs: docx.document.Document,
) -> None:
    facts = dict(map(tuple, table_with(bs, "AM-I1 Byggemodning")))
    assert facts["Afhænger af"] == (
        "AM-I1 Byggemodning af Siorarsiorfik, etape 2 (Forvaltning for Anlæg og Miljø)"
    )
    assert facts["Bidrager til"] == "BS-2.1 Nok skolepladser i Nuuk"
    assert facts["Milepæle"] == (
        "2027: Byggeriet går i gang\n2030: Skolen tages i brug ved skoleårets start"
    )
    assert facts["Anlæg"] == "260.000.000 kr."


def test_word_sdg_badges_are_runs_in_the_goal_colour(bs: docx.document.Document) -> None:
    runs = [r for p in bs.paragraphs for r in p.runs if "4.1 Kvalitetsuddannelse" in r.text]
    shading = runs[0]._r.rPr.find(docx.oxml.ns.qn("w:shd"))
    assert shading.get(docx.oxml.ns.qn("w:fill")) == "C5192D"
    assert str(runs[0].font.color.rgb) == "FFFFFF"


def test_word_has_a_table_of_contents_field_word_updates(rendered: Path) -> None:
    with zipfile.ZipFile(rendered / "bs.docx") as package:
        body = package.read("word/document.xml").decode()
        settings = package.read("word/settings.xml").decode()
        footer = "".join(package.read(n).decode() for n in package.namelist() if "footer" in n)
        header = "".join(package.read(n).decode() for n in package.namelist() if "header" in n)
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert '<w:updateFields w:val="true"/>' in settings
    assert "PAGE" in footer and "NUMPAGES" in footer and "Side" in footer
    assert "Kommuneqarfik Sermersooq" in header


def test_word_embeds_the_timeline_chart(rendered: Path) -> None:
    with zipfile.ZipFile(rendered / "bs.docx") as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(images) == 1
        assert package.read(images[0]) == (rendered / "bs-tidslinje.png").read_bytes()


def test_word_core_properties_are_the_plans(bs: docx.document.Document) -> None:
    props = bs.core_properties
    assert props.title == "Skolesektorplan 2024–2035"
    assert props.author == "Kommuneqarfik Sermersooq"
    assert props.last_modified_by == "sektorplan"
    when = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.UTC)
    assert props.created == when and props.modified == when


# --- reproducible ---------------------------------------------------------------------------


def test_same_plan_same_bytes(tmp_path: Path) -> None:
    first = render_examples(tmp_path / "a", ["bs"], ["md", "html", "docx"])
    second = render_examples(tmp_path / "b", ["bs"], ["md", "html", "docx"])
    assert [p.name for p in first] == ["bs-tidslinje.png", "bs.md", "bs.docx", "bs.html"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} er ikke ens to gange"
    with zipfile.ZipFile(first[2]) as package:
        assert {i.date_time for i in package.infolist()} == {(2025, 6, 15, 15, 6, 40)}


def test_the_word_template_in_the_repository_is_what_the_script_builds(tmp_path: Path) -> None:
    from sektorplan.templates import PATH, build_word_template

    build_word_template.build(tmp_path / "sektorplan.docx")
    assert (tmp_path / "sektorplan.docx").read_bytes() == (PATH / "sektorplan.docx").read_bytes(), (
        "templates/sektorplan.docx er ikke det, build_word_template.py bygger: kør "
        "python templates/build_word_template.py"
    )
