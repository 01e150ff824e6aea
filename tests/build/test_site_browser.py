"""The example's site in a real browser: every page has no axe-core violation of WCAG 2.0 and
2.1, A and AA, in headless Chromium (skipped without a browser, but never in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sektorplan.build import Options, build

from ..browser import axe_violations, format_violations
from ..conftest import EXAMPLE

BAD = """<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8"><title>Dårlig</title></head>
<body><main><h1>Dårlig</h1>
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/%3E">
<p id="svag" style="color:#bbbbbb; background:#ffffff">Svag tekst.</p>
<div style="overflow-x: auto; width: 5rem"><table style="white-space: nowrap"><tr><td>en
meget lang celle, der ikke kan være der</td><td>og en til</td></tr></table></div>
</main></body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1718841600")
        # Word is left out to save time: the pages are the same, less their Word links.
        outcome = build(EXAMPLE, Options(out, formats=("md", "html", "xlsx"), jobs=2))
    assert outcome.errors == []
    return out


def test_axe_finds_what_it_should(browser_driver, axe_js, tmp_path: Path) -> None:
    """The check can fail: a page with known faults has exactly those violations."""
    page = tmp_path / "bad.html"
    page.write_text(BAD, "utf-8")
    found = {v["id"] for v in axe_violations(browser_driver, page, axe_js)}
    assert found == {"image-alt", "color-contrast", "scrollable-region-focusable"}


def test_every_page_of_the_example_has_no_violations(site: Path, browser_driver, axe_js) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30  # plans, SDGs, places, the start page, the overview, the lists
    report = {}
    for page in pages:
        violations = axe_violations(browser_driver, page, axe_js)
        if violations:
            report[page.relative_to(site).as_posix()] = format_violations(violations)
    assert report == {}, "\n".join(f"{name}:\n{text}" for name, text in report.items())


def test_the_pages_work_without_javascript_and_ask_no_other_server(site: Path) -> None:
    """Every link and picture is a file of the site (no http, no CDN), and the one script
    (the start page's filter) only adds to what is there."""
    import re

    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        for ref in re.findall(r'(?:href|src)="([^"#]+)', html):
            if ref.startswith("mailto:"):
                continue
            assert "://" not in ref and not ref.startswith("//"), (page, ref)
            assert (page.parent / ref).resolve().is_file(), (page, ref)
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts in ([], ["<script>"]), page
        assert "<link " not in html and "@import" not in html, page


def test_the_greenlandic_map_marks_its_danish_texts(site: Path) -> None:
    """The map's title, description and tooltips on a Greenlandic page are in Danish while
    the site's Greenlandic labels are missing: each says so (`lang="da"`), for axe above and
    for a screen reader; the Danish pages mark nothing."""
    import re
    import xml.etree.ElementTree as ET

    from sektorplan.build.site import site_labels
    from sektorplan.i18n import Fallback

    svg_ns = "{http://www.w3.org/2000/svg}"
    kl = site_labels("kl")
    words = (kl["initiative_one"], kl["initiative_many"], kl["construction_total"])

    def svg_of(page: Path) -> ET.Element:
        found = re.search(r"<svg .*?</svg>", page.read_text("utf-8"), re.S)
        assert found, page
        return ET.fromstring(found.group())

    root = svg_of(site / "kl" / "index.html")
    tooltips = [
        t for c in root.iter(f"{svg_ns}circle") if (t := c.find(f"{svg_ns}title")) is not None
    ]
    assert tooltips
    expected = "da" if any(isinstance(w, Fallback) for w in words) else None
    assert {t.get("lang") for t in tooltips} == {expected}
    title = root.find(f"{svg_ns}title")
    assert title is not None
    assert title.get("lang") == ("da" if isinstance(kl["map_title"], Fallback) else None)
    assert "lang=" not in ET.tostring(svg_of(site / "da" / "index.html"), encoding="unicode")
