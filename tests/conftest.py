from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from sektorplan.check.examples import BASE_FILES
from sektorplan.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sermersooq"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A small valid workspace (sektorplan.yaml with two plans, BS and AM)."""
    return write_files(tmp_path, dict(BASE_FILES))


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the example workspace, with an empty skabeloner/ for a user's templates."""
    root = tmp_path / "sermersooq"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "ud"))
    (root / "skabeloner").mkdir(exist_ok=True)
    return root


def run(args: list[str], cwd: Path) -> Result:
    """The CLI as a user in `cwd` runs it."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args)
    finally:
        os.chdir(old)


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old`, which must occur exactly once, in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def require_tools(*tools: str) -> None:
    """Skip the test when a program it needs (LibreOffice's soffice, pdftotext) is not
    installed; in CI (env CI set), which installs them (.ci/run), fail instead."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} er ikke installeret"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, og CI skal køre testen (.ci/run installerer det)")
    pytest.skip(message)


def missing_tool(reason: str) -> None:
    """A tool a test needs is not installed: skipped here, but a failure in CI (env CI set),
    which must run every test."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI er sat: testen må ikke springes over)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's axe.min.js (4.x; .ci/run installs it into .axe/)."""
    from .browser import axe_version, find_axe

    path = find_axe()
    if path is None:
        missing_tool("axe.min.js mangler: npm install --prefix .axe axe-core@4.14.1")
    assert path is not None
    version = axe_version(path) or ""
    assert version.startswith("4."), f"axe-core {version} er ikke 4.x"
    return path


@pytest.fixture(scope="session")
def browser_driver() -> Iterator[Any]:
    """Headless Chromium through selenium and the system's chromedriver, started once."""
    from .browser import browser, find_browser

    paths = find_browser()
    if paths is None:
        missing_tool("chromium/chromedriver mangler: apt-get install chromium chromium-driver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing_tool("selenium mangler: pip install -e '.[test]'")
    with browser(paths) as driver:
        yield driver


@contextmanager
def held_for_a_second(out: Path) -> Iterator[None]:
    """The output folder's lock held by another build (a thread here) that lets go after a
    second: the command run inside the block has to wait for it."""
    import threading

    from sektorplan.build import lock

    held, release = threading.Event(), threading.Event()

    def other() -> None:
        with lock.output_lock(out, lambda text: None):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    held.wait(10)
    threading.Timer(1.0, release.set).start()
    try:
        yield
    finally:
        release.set()
        thread.join()
