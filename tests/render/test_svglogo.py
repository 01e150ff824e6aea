"""An SVG logo in Word and PDF: drawn as a PNG by CairoSVG (the svg extra), untrusted (nothing
outside the SVG is read), bounded, reproducible, made once per run, and without CairoSVG left
out with one warning."""

from __future__ import annotations

import builtins
import http.server
import io
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from sektorplan.check.examples import BASE_FILES
from sektorplan.load.logo import Logo
from sektorplan.load.workspace import load_workspace
from sektorplan.overview.documents import overview_inputs, write_overview
from sektorplan.render import render_plan, svglogo
from sektorplan.render.errors import RenderError

from ..conftest import run, write_files

pytest.importorskip("cairosvg")  # in the test extra; CI installs libcairo2 (.ci/run)

LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30" viewBox="0 0 90 30">
  <rect width="90" height="30" rx="4" fill="#00594F"/>
  <circle cx="15" cy="15" r="9" fill="#F2C200"/>
  <text x="30" y="20" font-family="Liberation Sans" font-size="12" fill="white">Logo</text>
</svg>
"""


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    svglogo.forget()
    yield
    svglogo.forget()


def _workspace(root: Path, svg: str | bytes = LOGO_SVG) -> Path:
    files: dict[str, str | bytes] = dict(BASE_FILES)
    files["sektorplan.yaml"] += "logo: skabeloner/logo.svg\n"
    files["skabeloner/logo.svg"] = svg
    return write_files(root, files)


def _pictures(part_element: object) -> list[object]:
    return part_element.findall(".//" + qn("wp:docPr"))  # type: ignore[attr-defined]


def _media(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def test_an_svg_logo_is_a_png_with_alt_text_on_the_cover_and_in_the_header(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path / "ws")
    ws = load_workspace(root)
    out = tmp_path / "ud"
    plan = next(p for p in ws.plans if p.path.stem == "bs")
    render_plan(ws, plan, ["docx"], out)
    write_overview(overview_inputs(ws), ["docx"], out)
    for name in ("bs.docx", "oversigt.docx"):
        document = docx.Document(str(out / name))
        first = document.element.body.find(qn("w:p"))
        cover = [p.get("descr") for p in _pictures(first)]
        assert cover == ["Logo: Kommuneqarfik Sermersooq"], name
        header = document.sections[0].header
        described = [p.get("descr") for p in _pictures(header.part.element)]
        assert described == ["Logo: Kommuneqarfik Sermersooq"], name
        logos = [m for m in _media(out / name) if m.startswith(b"\x89PNG")]
        assert logos, name
        with Image.open(io.BytesIO(logos[0])) as image:
            # The cover's height at 300 dpi, as wide as the SVG's 3:1.
            assert image.size == (3 * svglogo.HEIGHT_PX, svglogo.HEIGHT_PX)
            assert image.getpixel((image.width // 6, image.height // 2))[:3] == (242, 194, 0)


def test_the_same_svg_gives_the_same_png_and_the_same_word_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718841600")
    root = _workspace(tmp_path / "ws")
    logo = Logo(root / "skabeloner" / "logo.svg", LOGO_SVG.encode(), "svg")
    first = svglogo.prepare(logo).png
    svglogo.forget()
    assert first is not None and svglogo.prepare(logo).png == first
    made = []
    for turn in ("a", "b"):
        svglogo.forget()
        ws = load_workspace(root)
        plan = next(p for p in ws.plans if p.path.stem == "bs")
        made.append(render_plan(ws, plan, ["docx"], tmp_path / turn)[0].read_bytes())
    assert made[0] == made[1]


def test_the_png_is_made_once_for_every_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path / "ws")
    calls = []
    import cairosvg.surface

    convert = cairosvg.surface.PNGSurface.convert

    def counted(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        return convert(*args, **kwargs)

    monkeypatch.setattr(cairosvg.surface.PNGSurface, "convert", counted)
    result = run(["render", "-f", "docx", "-o", "ud"], root)
    assert result.exit_code == 0, result.output
    assert len(list((root / "ud").glob("*.docx"))) == 2
    assert len(calls) == 1


def test_the_size_is_bounded_whatever_the_svg_claims(tmp_path: Path) -> None:
    huge = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="20000">'
        '<rect width="100000" height="20000" fill="red"/></svg>'
    )
    png = svglogo.prepare(Logo(tmp_path / "logo.svg", huge.encode(), "svg")).png
    assert png is not None
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1500, 300)
    wide = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="10">'
        '<rect width="100000" height="10" fill="red"/></svg>'
    )
    png = svglogo.prepare(Logo(tmp_path / "logo.svg", wide.encode(), "svg")).png
    assert png is None or Image.open(io.BytesIO(png)).width <= svglogo.MAX_WIDTH_PX


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every file opened and every URL fetched while the test runs."""
    import urllib.request

    seen: list[str] = []
    real_open, real_urlopen = builtins.open, urllib.request.urlopen

    def open_(file: object, *args: object, **kwargs: object) -> object:
        seen.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def urlopen(url: object, *args: object, **kwargs: object) -> object:
        seen.append(str(getattr(url, "full_url", url)))
        return real_urlopen(url, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    yield seen


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local web server that counts the requests it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


def test_a_hostile_svg_reads_nothing_outside_itself(
    tmp_path: Path, watched: list[str], server: tuple[str, list[str]]
) -> None:
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIGT", encoding="utf-8")
    url, hits = server
    svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    svg += ' width="30" height="10">{}<rect width="30" height="10" fill="red"/></svg>'
    attacks = {
        "file": f'<image href="file://{secret}" width="10" height="10"/>',
        "passwd": '<image xlink:href="file:///etc/passwd" width="10" height="10"/>',
        "relative": '<image href="hemmelig.txt" width="10" height="10"/>',
        "http": f'<image href="{url}/logo.png" width="10" height="10"/>',
        "css": f"<style>@import url({url}/x.css);</style>",
        "use": f'<use href="file://{secret}#a"/>',
    }
    for name, attack in attacks.items():
        logo = Logo(tmp_path / "logo.svg", svg.format(attack).encode(), "svg")
        prepared = svglogo.prepare(logo)
        assert prepared.png is None, name
        assert "henviser til noget uden for SVG-filen" in prepared.error, name
        assert "Traceback" not in prepared.error
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>'
    )
    prepared = svglogo.prepare(Logo(tmp_path / "logo.svg", xxe.encode(), "svg"))
    assert prepared.png is None and "XML-entiteter" in prepared.error
    assert not any("hemmelig" in s or "passwd" in s for s in watched), watched
    assert hits == []
    # A picture embedded in the SVG itself (a data: URL) is drawn.
    embedded = io.BytesIO()
    Image.new("RGB", (4, 4), "#0000FF").save(embedded, "PNG")
    import base64

    data = base64.b64encode(embedded.getvalue()).decode()
    inline = svg.format(f'<image href="data:image/png;base64,{data}" width="30" height="10"/>')
    png = svglogo.prepare(Logo(tmp_path / "logo.svg", inline.encode(), "svg")).png
    assert png is not None


def test_a_broken_svg_logo_is_one_danish_error_naming_the_file(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws", '<svg xmlns="http://www.w3.org/2000/svg"><rect')
    result = run(["render", "-f", "docx", "-o", "ud"], root)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Fejl:")]
    assert errors == [
        "Fejl: Logoet skabeloner/logo.svg er ikke gyldig SVG (XML-fejl i linje 1, kolonne 41). "
        "Gem det igen fra tegneprogrammet, eller brug et PNG-logo."
    ], result.output
    assert "Traceback" not in result.output
    # The documents are made, without the logo.
    document = docx.Document(str(root / "ud" / "bs.docx"))
    assert not _pictures(document.sections[0].header.part.element)


def test_without_cairosvg_word_is_made_without_the_logo_and_one_warning_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # `import cairosvg` fails
    root = _workspace(tmp_path / "ws")
    result = run(["render", "-f", "docx", "-o", "ud"], root)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Advarsel:")]
    assert warnings == [
        "Advarsel: Kommunens SVG-logo (skabeloner/logo.svg) er udeladt af Word og PDF, fordi "
        "CairoSVG, der tegner SVG som billede, ikke er installeret. Installér det med pip "
        "install 'sektorplan[svg]' (det kræver systembiblioteket libcairo2), eller brug et "
        "PNG-logo. HTML og sitet viser SVG-logoet."
    ], result.output
    for name in ("bs.docx", "am.docx"):
        document = docx.Document(str(root / "ud" / name))
        assert not _pictures(document.sections[0].header.part.element)
        assert not _pictures(document.element.body.find(qn("w:p")))
    # The build says it once too, for every plan and the overview, in its worker processes.
    svglogo.forget()
    result = run(["build", "-f", "docx,html", "-o", "site", "--jobs", "2"], root)
    assert result.exit_code == 0, result.output
    assert result.output.count("Advarsel: Kommunens SVG-logo") == 1, result.output
    # The overview goes to the worker process, where CairoSVG is importable: it too is made
    # without the logo, as the main process found.
    for name in ("bs.docx", "am.docx", "oversigt.docx"):
        built = docx.Document(str(root / "site" / "da" / "filer" / name))
        assert not _pictures(built.sections[0].header.part.element), name


def test_the_build_draws_the_svg_logo_in_every_word_document(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    result = run(["build", "-f", "docx", "-o", "site", "--jobs", "2"], root)
    assert result.exit_code == 0, result.output
    assert "Advarsel" not in result.output
    for name in ("bs.docx", "am.docx", "oversigt.docx"):
        document = docx.Document(str(root / "site" / "da" / "filer" / name))
        assert _pictures(document.sections[0].header.part.element), name


def test_the_build_draws_the_svg_logo_only_when_a_word_document_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path / "ws")
    assert run(["build", "-f", "docx", "-o", "site"], root).exit_code == 0
    drawn: list[object] = []
    real = svglogo.prepare
    monkeypatch.setattr(svglogo, "prepare", lambda logo: (drawn.append(logo), real(logo))[1])
    again = run(["build", "-f", "docx", "-o", "site"], root)  # nothing to remake
    assert again.exit_code == 0 and drawn == []
    markdown = run(["build", "-f", "md", "-o", "md"], root)  # no Word document
    assert markdown.exit_code == 0 and drawn == []
    assert run(["build", "-f", "docx", "-o", "word"], root).exit_code == 0
    assert len(drawn) == 1


def test_word_logo_raises_a_render_error_without_a_prepared_run(tmp_path: Path) -> None:
    broken = Logo(tmp_path / "logo.svg", b"<svg><rect", "svg")
    with pytest.raises(RenderError, match=r"er ikke gyldig SVG"):
        svglogo.word_logo(broken)
    png = Logo(tmp_path / "logo.png", b"\x89PNG", "png")
    assert svglogo.word_logo(png) is png
