"""The fast path `text`: an Agg canvas that draws each text as one picture kept per process.

Years, numbers, status words and units recur in every chart, and rendering a text's glyphs
one by one took half of a chart's time. The picture is FreeType's rendering of the whole
text (`FT2Font.set_text` and `draw_glyphs_to_bitmap`), placed on whole pixels, as
matplotlib itself drew texts up to version 3.10 (3.11 places each glyph at its sub-pixel
position: the texts may differ from matplotlib's own by a pixel).

matplotlib internals used: RendererAgg's `_prepare_font` and `_renderer.draw_text_image`,
the `_get_font_height_metrics` hook matplotlib's Text asks its renderer for, and
FigureCanvasAgg's `_lastKey` (get_renderer, as matplotlib's own).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sektorplan.internals import Unavailable, enabled

# Texts kept, the least recently used let go first: a plan's charts draw about 200, most of
# them in every plan (years, numbers, status words, units); the initiatives' names are
# pictures of 10 KB each that recur in no other plan.
TEXT_CACHE_SIZE = 1024


def canvas_class() -> type:
    """The canvas class for a chart's Figure: the fast one (`fast_canvas_class`) unless it is
    turned off or cannot run on this matplotlib; then matplotlib's own FigureCanvasAgg."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not enabled("text"):
        return FigureCanvasAgg
    try:
        return fast_canvas_class()
    except Unavailable:
        return FigureCanvasAgg


def release(canvas: Any) -> None:
    """Let go of a canvas's pixels now, not when the collector finds the Figure: an overview
    picture's pixels are tens of megabytes. Any canvas: only the fast one holds on."""
    let_go = getattr(canvas, "release", None)
    if let_go is not None:
        let_go()


def _font_key(prop: Any) -> tuple[Any, ...]:
    return (tuple(prop.get_family()), prop.get_slant(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size_in_points(), prop.get_file())  # fmt: skip


def _missing() -> list[str]:
    """What the fast canvas reads and this matplotlib lacks."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    missing = [] if hasattr(RendererAgg, "_prepare_font") else ["RendererAgg._prepare_font"]
    if not hasattr(RendererAgg(1, 1, 72)._renderer, "draw_text_image"):
        missing.append("RendererAgg._renderer.draw_text_image")
    if not hasattr(FigureCanvasAgg, "_lastKey"):
        missing.append("FigureCanvasAgg._lastKey")
    return missing


@cache
def fast_canvas_class() -> type:
    """The Agg canvas with the kept texts; Unavailable when this matplotlib lacks a piece."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

    missing = _missing()
    if missing:
        raise Unavailable(f"matplotlib lacks {', '.join(missing)}")
    # Per text: its size (width, height, descent) and its picture (the glyphs' alpha, the
    # picture's offset from the text's origin, the descent), both from one layout.
    texts: dict[tuple[Any, ...], tuple[tuple[float, float, float], Any]] = {}
    heights: dict[tuple[Any, ...], tuple[float, float, float] | None] = {}

    class Renderer(RendererAgg):  # type: ignore[misc]
        def _text(self, s: str, prop: Any) -> tuple[tuple[float, float, float], Any]:
            flags = get_hinting_flag()
            key = (s, _font_key(prop), self.dpi, flags)
            text = texts.pop(key, None)
            if text is not None:
                texts[key] = text  # the most recently used last
            else:
                # Laying out a text (set_text) is the costly part; the picture comes with it.
                font = self._prepare_font(prop)
                font.set_text(s, 0.0, flags=flags)
                width, height = font.get_width_height()
                descent = font.get_descent() / 64
                font.draw_glyphs_to_bitmap(antialiased=True)
                xo, yo = font.get_bitmap_offset()
                picture = (np.array(font.get_image(), dtype=np.uint8), xo / 64, yo / 64, descent)
                if len(texts) >= TEXT_CACHE_SIZE:
                    del texts[next(iter(texts))]
                text = texts[key] = ((width / 64, height / 64, descent), picture)
            return text

        def draw_text(
            self,
            gc: Any,
            x: float,
            y: float,
            s: str,
            prop: Any,
            angle: float,
            ismath: Any = False,
            mtext: Any = None,
        ) -> None:
            # A turned text (a chart's unit, one per chart) is matplotlib's own: 3.11 turns
            # the picture about another point, two pixels from where this would put it.
            if ismath or angle or not _plain(mtext) or not gc.get_antialiased():
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            image, xo, yo, descent = self._text(s, prop)[1]
            self._renderer.draw_text_image(image, round(x + xo), round(y + yo + descent) + 1, 0, gc)
            return None

        def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> Any:
            # As RendererAgg's, kept per process (matplotlib keeps them per renderer).
            if ismath:
                return super().get_text_width_height_descent(s, prop, ismath)
            return self._text(s, prop)[0]

        def _get_font_height_metrics(self, prop: Any) -> tuple[float, float, float] | None:
            # A hook matplotlib's Text asks before reading the font's tables itself; the
            # same figures (OS/2's typographic ones, else hhea's), kept per process.
            key = (_font_key(prop), self.dpi)
            if key not in heights:
                heights[key] = _height_metrics(prop, self.dpi)
            return heights[key]

    class Canvas(FigureCanvasAgg):  # type: ignore[misc]
        def get_renderer(self) -> Any:  # as FigureCanvasAgg's, with the renderer above
            w, h = self.get_width_height(physical=True)
            key = w, h, self.figure.dpi
            if self._lastKey != key:
                self.renderer = Renderer(w, h, self.figure.dpi)
                self._lastKey = key
            return self.renderer

        def release(self) -> None:
            """Let go of the picture's pixels now."""
            self.renderer = None
            self._lastKey = None

    return Canvas


def _plain(text: Any) -> bool:
    """Whether a Text asks for no font features and no language (matplotlib 3.11 has them;
    a text that uses them is drawn by matplotlib itself)."""
    if text is None:
        return True
    features = getattr(text, "get_fontfeatures", lambda: None)()
    language = getattr(text, "get_language", lambda: None)()
    return not features and not language


def _height_metrics(prop: Any, dpi: float) -> tuple[float, float, float] | None:
    """Ascent, descent and line gap of `prop`'s font in pixels, as matplotlib's Text reads
    them (Text._get_layout); None when the font has neither table."""
    from matplotlib.font_manager import findfont, get_font

    font = get_font(findfont(prop))
    for table_name, gap, ascent, descent in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
        return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None
