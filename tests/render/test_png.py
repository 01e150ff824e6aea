"""The charts' PNG writer (render/png.py): what Pillow reads back is exactly the pixels."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from sektorplan.render import charts
from sektorplan.render.png import encode


def _read(data: bytes) -> Image.Image:
    Image.open(io.BytesIO(data)).verify()  # the chunks' lengths and checksums
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@settings(max_examples=40, deadline=None)
@given(
    height=st.integers(1, 40),
    width=st.integers(1, 40),
    channels=st.sampled_from([3, 4]),
    dpi=st.floats(1, 600),
    level=st.integers(0, 9),
    seed=st.integers(0, 2**32 - 1),
)
def test_pillow_reads_back_the_same_pixels_and_resolution(
    height: int, width: int, channels: int, dpi: float, level: int, seed: int
) -> None:
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, channels), np.uint8)
    image = _read(encode(pixels, dpi, level))
    assert image.mode == ("RGB" if channels == 3 else "RGBA")
    assert image.size == (width, height)
    assert np.array_equal(np.asarray(image), pixels)
    # Pillow's own rounding: dots per metre, read back as dots per inch
    metre = int(dpi / 0.0254 + 0.5)
    assert image.info["dpi"] == pytest.approx((metre * 0.0254, metre * 0.0254))


def test_a_view_of_the_colour_channels_is_written_as_its_pixels() -> None:
    rgba = np.arange(5 * 7 * 4, dtype=np.uint8).reshape(5, 7, 4)
    assert np.array_equal(np.asarray(_read(encode(rgba[:, :, :3], 96))), rgba[:, :, :3])


@pytest.mark.parametrize("pixels", [np.zeros((2, 2, 3), np.uint16), np.zeros((2, 2, 2), np.uint8)])
def test_other_pixels_are_refused(pixels: np.ndarray) -> None:
    with pytest.raises(ValueError):
        encode(pixels, 96)


def test_a_chart_is_its_canvas_pixels_without_the_opaque_alpha_channel() -> None:
    figure = charts.new_figure(2, 1, 100)
    figure.add_subplot().plot([0, 1, 2], [2, 0, 1])
    figure.canvas.draw()
    expected = np.asarray(figure.canvas.buffer_rgba())[:, :, :3].copy()
    image = _read(charts.png_bytes(figure, again=True))
    assert image.mode == "RGB"
    assert image.info["dpi"] == pytest.approx((100, 100), abs=0.01)
    assert np.array_equal(np.asarray(image), expected)
