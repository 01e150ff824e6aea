"""Run axe-core (WCAG 2.0/2.1 A + AA) and take screenshots in headless Chromium, for the
tests of the site and for scripts/screenshots.py.

Offline by design: uses the system Chromium + chromedriver (Debian packages
``chromium`` and ``chromium-driver``) and a locally installed ``axe.min.js``
(npm package ``axe-core``). Selenium Manager is never invoked, because the
driver path is always passed to ``Service`` explicitly (Selenium skips the
manager when ``Service.path`` is set); ``SE_OFFLINE=true`` is set as a second
guard so that, should it ever run, it cannot download anything.

Environment overrides:
    SEKTORPLAN_CHROMIUM       path to the chromium binary
    SEKTORPLAN_CHROMEDRIVER   path to chromedriver
    SEKTORPLAN_AXE_JS         path to axe.min.js
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGE_LOAD_TIMEOUT_S = 30
SCRIPT_TIMEOUT_S = 60

ROOT = Path(__file__).resolve().parent.parent  # the repository (.ci/run installs .axe/ there)

_CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",  # Debian wrapper script (execs /usr/lib/chromium/chromium)
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
)
_DRIVER_CANDIDATES = (
    "/usr/bin/chromedriver",
    "/usr/lib/chromium/chromedriver",
)


def _executable(path: str | os.PathLike[str] | None) -> str | None:
    if not path:
        return None
    p = Path(path)
    if p.is_file() and os.access(p, os.X_OK):
        return str(p)
    return None


def _first(env: str, candidates: tuple[str, ...], which: tuple[str, ...]) -> str | None:
    override = os.environ.get(env)
    if override:
        # An explicit override that is wrong is an error, not a silent fallback.
        return _executable(override)
    for c in candidates:
        if found := _executable(c):
            return found
    for name in which:
        if found := _executable(shutil.which(name)):
            return found
    return None


def find_browser() -> tuple[str, str] | None:
    """Return (chromium, chromedriver) paths, or None if either is missing."""
    chromium = _first(
        "SEKTORPLAN_CHROMIUM",
        _CHROMIUM_CANDIDATES,
        ("chromium", "chromium-browser", "google-chrome"),
    )
    driver = _first("SEKTORPLAN_CHROMEDRIVER", _DRIVER_CANDIDATES, ("chromedriver",))
    if chromium and driver:
        return chromium, driver
    return None


def find_axe(repo_root: Path | None = None) -> Path | None:
    """Return the path to axe.min.js, or None."""
    override = os.environ.get("SEKTORPLAN_AXE_JS")
    if override:
        p = Path(override)
        return p if p.is_file() else None
    roots = [repo_root] if repo_root else []
    roots += [ROOT, Path.cwd()]
    rel = ("axe-core", "axe.min.js")
    for root in roots:
        for nm in (root / ".axe" / "node_modules", root / "node_modules"):
            p = nm.joinpath(*rel)
            if p.is_file():
                return p
    return None


def axe_version(axe_js: Path) -> str | None:
    """Version from the banner '/*! axe v4.14.1' at the top of axe.min.js."""
    head = axe_js.read_text(encoding="utf-8", errors="replace")[:200]
    marker = "axe v"
    i = head.find(marker)
    if i < 0:
        return None
    return head[i + len(marker) :].split()[0]


def chrome_options(chromium: str, width: int = 1280, height: int = 1024):
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",  # we run as root
        "--disable-gpu",
        "--disable-dev-shm-usage",  # small /dev/shm in containers
        "--allow-file-access-from-files",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-extensions",
        "--lang=en-US",
    ):
        options.add_argument(arg)
    return options


@contextlib.contextmanager
def browser(
    paths: tuple[str, str] | None = None, width: int = 1280, height: int = 1024
) -> Iterator:
    """Start headless Chromium once; yield a selenium WebDriver; quit at exit."""
    os.environ.setdefault("SE_OFFLINE", "true")  # belt and braces: no downloads
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = paths or find_browser()
    if paths is None:
        raise RuntimeError(
            "chromium/chromedriver not found (apt-get install chromium chromium-driver)"
        )
    chromium, chromedriver = paths
    driver = webdriver.Chrome(
        service=Service(executable_path=chromedriver),
        options=chrome_options(chromium, width, height),
    )
    try:
        driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_S)
        driver.set_script_timeout(SCRIPT_TIMEOUT_S)
        yield driver
    finally:
        driver.quit()


def to_url(page: str | os.PathLike[str]) -> str:
    """Accept a file:// / http(s):// URL or a local path."""
    s = str(page)
    if "://" in s:
        return s
    return Path(s).resolve().as_uri()


_axe_source_cache: dict[Path, str] = {}


def _axe_source(axe_js: Path | None) -> str:
    axe_js = axe_js or find_axe()
    if axe_js is None:
        raise RuntimeError("axe.min.js not found (npm install --prefix .axe axe-core@4)")
    if axe_js not in _axe_source_cache:
        _axe_source_cache[axe_js] = axe_js.read_text(encoding="utf-8")
    return _axe_source_cache[axe_js]


_RUN_AXE = """
const done = arguments[arguments.length - 1];
const options = arguments[0];
axe.run(document, options).then(
  r => done({violations: r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        tags: v.tags,
        nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                  summary: n.failureSummary}))}))}),
  e => done({error: String(e && e.stack || e)}));
"""


def axe_violations(
    driver, url: str | os.PathLike[str], axe_js: Path | None = None, tags: list[str] | None = None
) -> list[dict]:
    """Load url, inject axe-core, run WCAG 2.0/2.1 A+AA rules, return violations.

    Each violation: {id, impact, help, helpUrl, tags, nodes: [{target, html, summary}]}.
    """
    driver.get(to_url(url))
    driver.execute_script(_axe_source(axe_js))
    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    result = driver.execute_async_script(_RUN_AXE, options)
    if not isinstance(result, dict) or "error" in result:
        raise RuntimeError(f"axe.run failed: {result!r}")
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    """Readable one-line-per-node report for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for n in v["nodes"]:
            lines.append(f"    {' '.join(map(str, n['target']))}: {n['html'][:120]}")
    return "\n".join(lines)


def screenshot(
    driver,
    url: str | os.PathLike[str] | None,
    png_path: str | os.PathLike[str],
    width: int = 1280,
    full_page: bool = True,
    height: int = 1024,
) -> Path:
    """Save a PNG of url (or of the current page when url is None).

    The viewport is forced to `width` CSS px (device scale 1) via CDP, so the
    image is exactly `width` px wide; with full_page the height is the
    document's full scroll height (Page.captureScreenshot, captureBeyondViewport).
    """
    if url is not None:
        driver.get(to_url(url))
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        params: dict = {"format": "png", "fromSurface": True}
        if full_page:
            doc_h = driver.execute_script(
                "const d = document.documentElement, b = document.body;"
                "return Math.ceil(Math.max(d.scrollHeight, b ? b.scrollHeight : 0,"
                " d.getBoundingClientRect().height));"
            )
            params["captureBeyondViewport"] = True
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": width,
                "height": max(int(doc_h), 1),
                "scale": 1,
            }
        data = driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    out = Path(png_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(base64.b64decode(data))
    return out


def png_size(png_path: str | os.PathLike[str]) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk; no Pillow needed."""
    head = Path(png_path).read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"not a PNG: {png_path}")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
