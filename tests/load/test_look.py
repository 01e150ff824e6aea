"""The municipality's look in sektorplan.yaml: `logo` and `farver`, and what is wrong with them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from sektorplan.check.validate import validate
from sektorplan.cli.reporters import text_line
from sektorplan.load.logo import MAX_LOGO_BYTES, read_logo
from sektorplan.load.workspace import load_workspace, shown_path

from ..conftest import write_files

CFG_END = "anlægsramme: {2026: 100000000, 2027: 100000000}\n"


def png(size: tuple[int, int] = (4, 2)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#1F4E79").save(out, "PNG")
    return out.getvalue()


def lines(root: Path, rule: str) -> list[str]:
    result = validate([root])
    return [
        text_line(f).removeprefix(shown_path(root) + "/") for f in result.findings if f.rule == rule
    ]


def with_config(workspace: Path, extra: str) -> Path:
    config = workspace / "sektorplan.yaml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return workspace


def test_the_look_is_read_into_the_model(workspace: Path) -> None:
    write_files(workspace, {"skabeloner/logo.png": png()})
    with_config(workspace, 'logo: skabeloner/logo.png\nfarver: {primær: "#1f4e79"}\n')
    ws = load_workspace(workspace)
    assert ws.config is not None
    assert ws.config.colours.primary == "#1F4E79"  # upper-cased
    assert ws.config.colours.accent == "#0072B2"  # the built-in accent
    logo = read_logo(ws.root, ws.config.logo)
    assert logo is not None and logo.kind == "png" and logo.media_type == "image/png"
    assert lines(workspace, "SP011") == []


def test_no_look_gives_the_built_in_colours(workspace: Path) -> None:
    ws = load_workspace(workspace)
    assert ws.config is not None
    assert (ws.config.colours.primary, ws.config.colours.accent) == ("#1F4E79", "#0072B2")
    assert read_logo(ws.root, ws.config.logo) is None


@pytest.mark.parametrize(
    ("written", "files", "message"),
    [
        ("skabeloner/logo.png", {}, "Logoet skabeloner/logo.png findes ikke. Ret stien"),
        ("../logo.png", {}, "Logoet ../logo.png ligger uden for arbejdsområdet."),
        ("/etc/hostname", {}, "Logoet /etc/hostname ligger uden for arbejdsområdet."),
        (
            "skabeloner/logo.png",
            {"skabeloner/logo.png": b"not a picture"},
            "Logoet skabeloner/logo.png er ikke et PNG-, JPEG- eller SVG-billede.",
        ),
        (
            "skabeloner/logo.png",
            {"skabeloner/logo.png": png()[:30]},
            "Logoet skabeloner/logo.png er et ødelagt billede, som ikke kan åbnes.",
        ),
        (
            "skabeloner/logo.png",
            {"skabeloner/logo.png": png() + b"\0" * MAX_LOGO_BYTES},
            "Logoet skabeloner/logo.png fylder 5,0 MB; grænsen er 5 MB.",
        ),
    ],
)
def test_a_bad_logo_is_an_error_on_its_line(
    workspace: Path, written: str, files: dict[str, bytes], message: str
) -> None:
    write_files(workspace, files)
    with_config(workspace, f"logo: {written}\n")
    [line] = lines(workspace, "SP011")
    assert line.startswith(f"sektorplan.yaml:16:7: fejl SP011 logo: {message}")


def test_svg_and_jpeg_logos_are_fine(workspace: Path) -> None:
    jpeg = io.BytesIO()
    Image.new("RGB", (2, 2)).save(jpeg, "JPEG")
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    write_files(workspace, {"a.svg": svg, "b.jpg": jpeg.getvalue()})
    for name, kind in (("a.svg", "svg"), ("b.jpg", "jpeg")):
        config = (workspace / "sektorplan.yaml").read_text(encoding="utf-8")
        config = config.split("logo:")[0].rstrip("\n") + f"\nlogo: {name}\n"
        (workspace / "sektorplan.yaml").write_text(config, encoding="utf-8")
        assert lines(workspace, "SP011") == []
        logo = read_logo(workspace, name)
        assert logo is not None and logo.kind == kind


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "farver: {primær: red}",
            '16:18: fejl SP109 farver › primær: «primær» er «red», men en farve skrives "#RRGGBB" '
            'i anførselstegn, fx primær: "#1F4E79". Mente du "#FF0000" (red)?',
        ),
        (
            "farver: {accent: Dark Blue}",
            "16:18: fejl SP109 farver › accent: «accent» er «Dark Blue», men en farve skrives "
            '"#RRGGBB" i anførselstegn, fx accent: "#1F4E79". Mente du "#00008B" (darkblue)?',
        ),
        (
            "farver: {accent: 1f4e79}",
            "16:18: fejl SP109 farver › accent: «accent» er «1f4e79», men en farve skrives "
            '"#RRGGBB" i anførselstegn, fx accent: "#1F4E79". Mente du "#1F4E79"?',
        ),
        (
            'farver: {accent: "#c00"}',
            "16:18: fejl SP109 farver › accent: «accent» er «#c00», men en farve skrives "
            '"#RRGGBB" i anførselstegn, fx accent: "#1F4E79". Mente du "#CC0000"?',
        ),
        (
            "farver: {accent: 123456}",
            "16:18: fejl SP109 farver › accent: «accent» er «123456», men en farve skrives "
            '"#RRGGBB" i anførselstegn, fx accent: "#1F4E79". Mente du "#123456"?',
        ),
        (
            "farver:\n  primær: #1F4E79\n",
            "17:11: fejl SP109 farver › primær: «primær» er tom: uden anførselstegn læses # som "
            'starten på en kommentar. Skriv farven i anførselstegn, fx primær: "#1F4E79".',
        ),
        (
            'farver: {primær: "#12345"}',
            "16:18: fejl SP109 farver › primær: «primær» er «#12345», men en farve skrives "
            '"#RRGGBB" i anførselstegn, fx primær: "#1F4E79".',
        ),
    ],
)
def test_a_colour_that_is_not_rrggbb_says_what_was_meant(
    workspace: Path, written: str, message: str
) -> None:
    with_config(workspace, written + "\n")
    assert lines(workspace, "SP109") == [f"sektorplan.yaml:{message}"]
