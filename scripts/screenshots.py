"""Screenshots of the example's site for the README and docs/site.md, taken with headless
Chromium (the system's chromium and chromedriver, through selenium, as the tests do):

    python scripts/screenshots.py            # writes docs/images/site-*.png

It builds examples/sermersooq into a temporary folder (SOURCE_DATE_EPOCH fixed, so the pages
carry a fixed date), opens the start page, a plan page, an SDG page and a place page, takes
the top of each page and writes it as a small palette PNG.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/browser.py: the browser helpers the tests use

PAGES = {
    "site-forside.png": "da/index.html",
    "site-plan.png": "da/planer/bs.html",
    "site-verdensmaal.png": "da/verdensmaal/4.html",
    "site-sted.png": "da/steder/nuuk.html",
}
WIDTH, HEIGHT = 1100, 1300  # CSS pixels of the browser window: the top of each page
SHOWN_WIDTH = 800  # pixels of the picture


def main() -> int:
    from PIL import Image

    from sektorplan.build import Options, build
    from tests.browser import browser, find_browser, screenshot

    if find_browser() is None:
        print("chromium og chromedriver mangler: apt-get install chromium chromium-driver")
        return 1
    os.environ["SOURCE_DATE_EPOCH"] = "1718841600"
    target = ROOT / "docs" / "images"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        outcome = build(ROOT / "examples" / "sermersooq", Options(out, jobs=2))
        if outcome.errors:
            print("\n".join(outcome.errors))
            return 1
        with browser(width=WIDTH, height=HEIGHT) as driver:
            for name, page in PAGES.items():
                shot = Path(tmp) / name
                screenshot(driver, out / page, shot, width=WIDTH, height=HEIGHT, full_page=False)
                image = Image.open(shot).convert("RGB")
                height = round(image.height * SHOWN_WIDTH / image.width)
                image = image.resize((SHOWN_WIDTH, height), Image.Resampling.LANCZOS)
                small = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=0)
                data = io.BytesIO()
                small.save(data, "PNG", optimize=True)
                (target / name).write_bytes(data.getvalue())
                print(f"{target / name} ({len(data.getvalue()) // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
