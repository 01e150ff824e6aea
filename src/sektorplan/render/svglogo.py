"""An SVG logo as a PNG picture for Word (and so the PDF), which cannot show an SVG alone.

The logo is untrusted input: CairoSVG (the optional extra `sektorplan[svg]`, imported only
here and only when a Word document needs an SVG logo) draws it with XML entities and
external entities refused (its default, `unsafe=False`) and with a `url_fetcher` that
fetches nothing: a reference to a file or an address in the SVG is an error, never read;
only a picture embedded in the SVG itself (a data: URL) is drawn. The picture is drawn into
a box of a fixed pixel size (the cover's height at 300 dpi, at most six times as wide) and
cut to what it draws, so a logo that claims a huge size still gives a small PNG. The same
SVG gives the same PNG bytes (Pillow writes it, with no time in it).

Without CairoSVG (or its system library, libcairo) the Word documents are made without the
logo; the orchestration (`prepare`) says so once per run. A PNG is made once per SVG in a
process; `remember` hands a PNG made by the build's main process to its workers.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import urllib.parse
from dataclasses import dataclass

from sektorplan.load.logo import MAX_LOGO_BYTES, Logo, read_logo
from sektorplan.load.workspace import Workspace, shown_path
from sektorplan.render.errors import RenderError

HEIGHT_PX = 300  # the cover's 25 mm at 300 dpi (the header's 12 mm needs less)
MAX_WIDTH_PX = 6 * HEIGHT_PX  # a wide logo is drawn lower, never larger

_made: dict[str, bytes | None] = {}  # the SVG's digest → its PNG, or None: left out (said)


def missing_warning(logo: Logo) -> str:
    return (
        f"Kommunens SVG-logo ({shown_path(logo.path)}) er udeladt af Word og PDF, fordi "
        "CairoSVG, der tegner SVG som billede, ikke er installeret. Installér det med "
        "pip install 'sektorplan[svg]' (det kræver systembiblioteket libcairo2), eller brug "
        "et PNG-logo. HTML og sitet viser SVG-logoet."
    )


class _Refused(Exception):
    """The SVG asks for something outside itself (`url`)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _fetch(url: str, resource_type: str) -> bytes:
    """CairoSVG's url_fetcher: a data: URL is decoded here (no URL opener is involved);
    anything else (a file, an address, another SVG) is refused before it is read."""
    if not url.startswith("data:"):
        raise _Refused(url)
    head, _, payload = url[5:].partition(",")
    if len(payload) > 2 * MAX_LOGO_BYTES:
        raise _Refused(url[:60] + "…")
    if head.endswith(";base64"):
        return base64.b64decode(payload)
    return urllib.parse.unquote_to_bytes(payload)


def _cairosvg():  # type: ignore[no-untyped-def]
    """The cairosvg module, or None without it or without libcairo (cairocffi cannot load
    the library: OSError)."""
    try:
        import cairosvg
        import cairosvg.surface
    except (ImportError, OSError):
        return None
    return cairosvg


def available() -> bool:
    return _cairosvg() is not None


def _problem(logo: Logo, exc: Exception) -> str:
    from xml.etree.ElementTree import ParseError

    name = shown_path(logo.path)
    if isinstance(exc, _Refused):
        shown = exc.url if len(exc.url) <= 80 else exc.url[:77] + "…"
        return (
            f"Logoet {name} henviser til noget uden for SVG-filen ({shown}). sektorplan "
            "henter aldrig filer eller adresser, som et logo peger på. Læg billedet ind i "
            "SVG-filen (som data:-URL), eller brug et PNG-logo."
        )
    if type(exc).__name__ in ("EntitiesForbidden", "ExternalReferenceForbidden", "DTDForbidden"):
        return (
            f"Logoet {name} bruger XML-entiteter (<!ENTITY …>), som sektorplan ikke læser af "
            "sikkerhedshensyn. Gem logoet som almindelig SVG uden entiteter, eller brug et "
            "PNG-logo."
        )
    if isinstance(exc, ParseError):
        line, column = getattr(exc, "position", (0, 0))
        return (
            f"Logoet {name} er ikke gyldig SVG (XML-fejl i linje {line}, kolonne {column + 1}). "
            "Gem det igen fra tegneprogrammet, eller brug et PNG-logo."
        )
    return (
        f"Logoet {name} kan ikke tegnes som billede til Word og PDF ({type(exc).__name__}). "
        "Gem det igen fra tegneprogrammet, eller brug et PNG-logo."
    )


def digest(logo: Logo) -> str:
    return hashlib.sha256(logo.data).hexdigest()


_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
          "in": 96.0}  # fmt: skip


def _length(text: str | None) -> float | None:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*", text or "")
    if not match or match.group(2) not in _UNITS:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def _viewport(data: bytes) -> tuple[float, str] | None:
    """The SVG's own width:height and its preserveAspectRatio alignment (xMidYMid when it
    says none), from its root element; None when it does not say (or stretches)."""
    from defusedxml.ElementTree import fromstring  # CairoSVG's own dependency

    root = fromstring(data, forbid_entities=True, forbid_external=True)
    align = (root.get("preserveAspectRatio") or "xMidYMid").split()[0]
    if align == "none":
        return None
    box = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
    sizes = [float(box[2]), float(box[3])] if len(box) == 4 else []
    if not (len(sizes) == 2 and min(sizes) > 0):
        width, height = _length(root.get("width")), _length(root.get("height"))
        sizes = [width, height] if width and height else []
    return (sizes[0] / sizes[1], align) if sizes else None


def _placed(aspect: float, align: str) -> tuple[int, int, int, int]:
    """Where CairoSVG draws a viewport of `aspect` in the box (its `meet` fitting)."""
    width = min(MAX_WIDTH_PX, HEIGHT_PX * aspect)
    height = width / aspect
    share = {"Min": 0.0, "Mid": 0.5, "Max": 1.0}
    left = (MAX_WIDTH_PX - width) * share.get(align[1:4], 0.5)
    top = (HEIGHT_PX - height) * share.get(align[5:8], 0.5)
    return round(left), round(top), round(left + width), round(top + height)


def _rasterise(cairosvg, logo: Logo) -> bytes:  # type: ignore[no-untyped-def]
    from PIL import Image

    try:
        viewport = _viewport(logo.data)
        # svg2png() passes no url_fetcher on; the surface's convert() hands it to the parser.
        png = cairosvg.surface.PNGSurface.convert(
            bytestring=logo.data,
            url_fetcher=_fetch,
            unsafe=False,
            output_width=MAX_WIDTH_PX,
            output_height=HEIGHT_PX,
        )
        with Image.open(io.BytesIO(png)) as drawn:
            image = drawn.convert("RGBA")
    except Exception as exc:  # CairoSVG's own errors have no common base: each is a message
        raise RenderError(_problem(logo, exc)) from None
    # The logo's own viewport (what it draws outside it is not shown, as in a browser);
    # without one, what it draws.
    box = _placed(*viewport) if viewport else image.getchannel("A").getbbox()
    if box is None or box[2] - box[0] < 1 or box[3] - box[1] < 1 or not image.crop(box).getbbox():
        raise RenderError(
            f"Logoet {shown_path(logo.path)} tegner ingenting (det er tomt, helt "
            "gennemsigtigt eller for smalt). Gem det igen fra tegneprogrammet, eller brug et "
            "PNG-logo."
        )
    out = io.BytesIO()
    image.crop(box).save(out, "PNG")
    return out.getvalue()


@dataclass(frozen=True)
class Prepared:
    """What `prepare` found: `png` (None: left out), and a warning or an error to show."""

    key: str
    png: bytes | None
    warning: str = ""
    error: str = ""


def prepare(logo: Logo) -> Prepared:
    """An SVG logo made into a PNG once for a whole run (`sektorplan build`, `render`),
    with the one warning (CairoSVG missing) or error (a broken or hostile SVG) to show;
    the documents are then made without the logo. `remember` it in each process."""
    key = digest(logo)
    cairosvg = _cairosvg()
    if cairosvg is None:
        prepared = Prepared(key, None, warning=missing_warning(logo))
    else:
        try:
            prepared = Prepared(key, _rasterise(cairosvg, logo))
        except RenderError as exc:
            prepared = Prepared(key, None, error=str(exc))
    remember(prepared)
    return prepared


def remember(prepared: Prepared) -> None:
    _made[prepared.key] = prepared.png


def word_logo(logo: Logo | None) -> Logo | None:
    """The logo as Word can show it: a PNG or JPEG as it is, an SVG as a PNG (made once per
    SVG in this process), None without CairoSVG. A broken or hostile SVG raises RenderError
    unless `prepare` has already said so in this run."""
    if logo is None or logo.kind != "svg":
        return logo
    key = digest(logo)
    if key not in _made:
        cairosvg = _cairosvg()
        _made[key] = None if cairosvg is None else _rasterise(cairosvg, logo)
    png = _made[key]
    return Logo(logo.path, png, "png") if png is not None else None


def prepare_workspace(ws: Workspace, warnings: list[str], errors: list[str]) -> Prepared | None:
    """`prepare` for the workspace's logo when it is an SVG (None otherwise), its warning
    added to `warnings` and its error to `errors`."""
    logo = read_logo(ws.root, ws.config.logo) if ws.config else None
    if logo is None or logo.kind != "svg":
        return None
    prepared = prepare(logo)
    warnings += [prepared.warning] if prepared.warning else []
    errors += [prepared.error] if prepared.error else []
    return prepared


def forget() -> None:
    """Forget the PNGs made in this process, as a new process starts without them."""
    _made.clear()
