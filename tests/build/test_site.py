"""The site `sektorplan build` makes: its pages, what they show, the language switch, the map,
the indicators' CSV files (the browser checks are in test_site_browser.py)."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from sektorplan.build import Options, build
from sektorplan.build.site import page_frame
from sektorplan.check.examples import BASE_FILES
from sektorplan.load.workspace import load_workspace
from sektorplan.model.progress import COLOURS
from sektorplan.render.context import readable_text_colour
from sektorplan.render.maps import contrast_ratio

from ..conftest import EXAMPLE, edit, write_files

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1718841600")
        outcome = build(EXAMPLE, Options(out, formats=("md", "html", "xlsx"), jobs=1))
    assert outcome.errors == []
    return out


def _texts(value: Any) -> list[str]:
    """Every text of these values as the Danish page shows it."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [value["da"]]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    return []


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_every_text_of_every_plan_appears_in_its_page(site: Path) -> None:
    ws = load_workspace(EXAMPLE)
    for plan_file in ws.plans:
        assert plan_file.plan is not None
        page = _plain((site / "da" / "planer" / f"{plan_file.path.stem}.html").read_text("utf-8"))
        plan = plan_file.plan
        texts = _texts([plan.title, plan.vision, plan.status_description])
        for goal in plan.goals:
            texts += _texts([goal.id, goal.title, goal.description])
            for sub in goal.sub_goals:
                texts += _texts([sub.id, sub.title, sub.description])
                texts += _texts([[i.id, i.name, i.unit, i.source] for i in sub.indicators])
        texts += _texts([[i.title, i.description, i.owner] for i in plan.initiatives])
        assert texts
        missing = [t for t in texts if t.strip() and t.strip() not in page]
        assert missing == [], (plan_file.path.name, missing[:3])


def test_the_start_page_has_a_card_per_department_and_the_map(site: Path) -> None:
    start = (site / "da" / "index.html").read_text("utf-8")
    ws = load_workspace(EXAMPLE)
    assert ws.config is not None
    assert start.count('<li class="card">') == len(ws.config.departments)
    assert "Planstrategi 2023" in start and "2024–2035" in start
    for value in ws.config.core_values:
        assert str(value.name) in start
    # Progress as text beside the bar, SDG badges linking their pages, the downloads.
    assert "Indikatorernes fremskridt: ✔ 1 opnået" in start
    assert '<div class="bar" aria-hidden="true">' in start
    assert re.search(r'<a class="badge" href="verdensmaal/4.html"[^>]*>', start)
    assert 'href="filer/bs.md" download' in start and "filer/bs.docx" not in start  # not built
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in start and "<caption>" in start


def test_a_department_without_a_plan_says_so(tmp_path: Path) -> None:
    ws = write_files(tmp_path / "ws", dict(BASE_FILES))
    edit(
        ws / "sektorplan.yaml",
        "  - {id: AM, navn: Forvaltning for Anlæg og Miljø}",
        "  - {id: AM, navn: Forvaltning for Anlæg og Miljø}\n  - {id: KS, navn: Koncern Service}",
    )
    out = tmp_path / "ud"
    assert build(ws, Options(out, formats=("md",), jobs=1)).errors == []
    start = (out / "da" / "index.html").read_text("utf-8")
    card = start[start.index("Koncern Service") :]
    assert card.index("Forvaltningen har endnu ingen plan.") < card.index("</li>")


def test_sdg_and_place_pages(site: Path) -> None:
    sdg = (site / "da" / "verdensmaal" / "4.html").read_text("utf-8")
    assert "Kvalitetsuddannelse" in sdg and "BS-1.1.a" in sdg and 'href="../planer/bs.html"' in sdg
    assert '<p class="lead"><span lang="en">Ensure inclusive' in sdg  # English on a Danish page
    pages = {p.name for p in (site / "da" / "verdensmaal").iterdir()}
    assert "index.html" in pages and "1.html" not in pages  # only the goals the plans use
    nuuk = (site / "da" / "steder" / "nuuk.html").read_text("utf-8")
    assert "AM-I1 Byggemodning af Siorarsiorfik, etape 2" in nuuk
    assert "Anlæg pr. år (kr.)" in nuuk and "20.000.000" in nuuk


def test_the_map_is_an_image_with_title_description_and_a_marker_per_place(site: Path) -> None:
    start = (site / "da" / "index.html").read_text("utf-8")
    svg = ET.fromstring(start[start.index("<svg") : start.index("</svg>") + 6])
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and "Kommuneqarfik Sermersooq" in (title.text or "")
    assert desc is not None and "12 steder" in (desc.text or "")
    markers = [c for c in svg.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None]
    assert len({c.find(f"{SVG}title").text.split(":")[0] for c in markers}) == 12  # type: ignore[union-attr]
    table = start[start.index("<caption>Indsatser og anlægsudgifter pr. sted") :]
    assert table.count('<tr><th scope="row">') == 12


def test_a_place_without_coordinates_is_listed_not_drawn(tmp_path: Path) -> None:
    ws = write_files(tmp_path / "ws", dict(BASE_FILES))
    out = tmp_path / "ud"
    assert build(ws, Options(out, formats=("md",), jobs=1)).errors == []
    start = (out / "da" / "index.html").read_text("utf-8")
    assert "Uden koordinater, ikke på kortet: Kapisillit." in start
    assert 'href="steder/kapisillit.html">Kapisillit</a>' in start
    svg = start[start.index("<svg") : start.index("</svg>")]
    assert "Nuuk:" in svg and "Kapisillit" not in svg
    nothing = _plain((out / "da" / "steder" / "kapisillit.html").read_text("utf-8"))
    assert "Der er ikke planlagt noget her." in nothing


def test_every_indicator_is_a_csv_file(site: Path) -> None:
    text = (site / "da" / "filer" / "bs-indikator-bs-1.1.a.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["plan", "indikator", "enhed", "år", "art", "værdi"]
    kinds = {row[4] for row in rows[1:]}
    assert kinds == {"basis", "målværdi", "måling"}
    assert all(row[:3] == ["bs", "BS-1.1.a", rows[1][2]] for row in rows[1:])
    years = [int(row[3]) for row in rows[1:]]
    assert years == sorted(years)
    overview = (site / "da" / "oversigt.html").read_text("utf-8")
    assert 'href="filer/bs-indikator-bs-1.1.a.csv" download' in overview
    assert 'href="filer/oversigt.xlsx" download' in overview


def test_the_frame_switches_language_only_when_there_are_several() -> None:
    import datetime as dt

    config = load_workspace(EXAMPLE).config
    assert config is not None
    when = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    one = page_frame(EXAMPLE, config, "da", ("da",), "planer/bs.html", [], when)
    assert one["languages"] == []
    two = page_frame(EXAMPLE, config, "da", ("da", "en"), "planer/bs.html", [], when)
    assert [(lang["href"], lang["current"]) for lang in two["languages"]] == [
        ("../../da/planer/bs.html", True),
        ("../../en/planer/bs.html", False),
    ]
    assert one["menu"][0] == {"label": "Planer", "href": "../index.html#planer", "current": True}


def test_the_switch_links_the_counterpart_page_with_lang_and_hreflang(tmp_path: Path) -> None:
    ws = write_files(tmp_path / "ws", dict(BASE_FILES))  # sprog: [da, kl]
    out = tmp_path / "ud"
    assert build(ws, Options(out, formats=("html",), jobs=1)).errors == []
    plan = (out / "da" / "planer" / "bs.html").read_text("utf-8")
    assert 'href="../../kl/planer/bs.html" lang="kl" hreflang="kl"' in plan
    place = (out / "kl" / "steder" / "nuuk.html").read_text("utf-8")
    assert 'href="../../da/steder/nuuk.html" lang="da" hreflang="da">Dansk</a>' in place
    assert '<html lang="kl">' in place
    one = tmp_path / "ws1"
    write_files(one, dict(BASE_FILES))
    edit(one / "sektorplan.yaml", "sprog: [da, kl]", "sprog: [da]")
    assert build(one, Options(tmp_path / "ud1", formats=("html",), jobs=1)).errors == []
    alone = (tmp_path / "ud1" / "da" / "planer" / "bs.html").read_text("utf-8")
    assert "hreflang=" not in alone and '<nav class="site-languages"' not in alone


def test_status_colours_have_readable_text() -> None:
    for colour in COLOURS.values():
        assert contrast_ratio(readable_text_colour(colour), colour) >= 4.5, colour


def test_the_municipalitys_logo_and_colours_are_in_every_pages_header(tmp_path: Path) -> None:
    """sektorplan.yaml's `logo` and `farver` are the site's look too, not only the documents'."""
    import base64
    import shutil

    from PIL import Image

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLE, ws)
    (ws / "skabeloner").mkdir(exist_ok=True)
    Image.new("RGB", (4, 2), "#C00000").save(ws / "skabeloner" / "logo.png")
    config = ws / "sektorplan.yaml"
    config.write_text(
        config.read_text("utf-8") + '\nlogo: skabeloner/logo.png\nfarver: {primær: "#7A1F1F"}\n',
        "utf-8",
    )
    out = tmp_path / "ud"
    assert build(ws, Options(out, formats=("html",), jobs=1, languages=("da",))).errors == []
    logo = base64.b64encode((ws / "skabeloner" / "logo.png").read_bytes()).decode("ascii")
    for page in ("index.html", "planer/bs.html", "oversigt.html", "steder/nuuk.html"):
        html = (out / "da" / page).read_text("utf-8")
        assert f'class="site-logo" src="data:image/png;base64,{logo}"' in html, page
        assert 'class="site-header" style="background: #7A1F1F; color: #FFFFFF"' in html, page
