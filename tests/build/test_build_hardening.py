"""`sektorplan build` against a careless user and an attacker: workers end with their build,
a damaged manifest is a message, two plans never write the same file, --clean removes only
what sektorplan made, and two builds into one folder never mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sektorplan.build import MANIFEST

from ..conftest import EXAMPLE, edit, run

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@linux_only
def test_workers_end_when_the_build_is_killed(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    build = subprocess.Popen(
        [sys.executable, "-m", "sektorplan", "build", str(root), "--jobs", "3", "-o", "ud"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2:
        workers = {pid for pid in children_of(build.pid) if alive(pid)}
        time.sleep(0.05)
    try:
        assert workers, "the build started no workers"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)]
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_a_deeply_nested_manifest_is_a_message(example_copy: Path, depth: int) -> None:
    out = example_copy / "build" / "da"
    out.mkdir(parents=True)
    (out / MANIFEST).write_text("[" * depth + "]" * depth, "utf-8")
    result = run(["build", "-f", "md"], example_copy)
    assert result.exit_code == 1
    assert "kan ikke læses (indholdet er ødelagt)" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_as_manifest_is_a_message_not_a_hang(example_copy: Path) -> None:
    out = example_copy / "build" / "da"
    out.mkdir(parents=True)
    os.mkfifo(out / MANIFEST)
    result = run(["build", "-f", "md"], example_copy)
    assert result.exit_code == 1
    assert "ikke en almindelig fil" in result.output


def test_two_plans_that_would_write_the_same_picture_are_refused(workspace: Path) -> None:
    """am.yaml's indicator AM-1.1.a-tidslinje and the plan file am-indikator-am-1.1.a.yaml
    both give am-indikator-am-1.1.a-tidslinje.png (a trend chart and a timeline)."""
    edit(workspace / "planer" / "am.yaml", "id: AM-1.1.a\n", "id: AM-1.1.a-tidslinje\n")
    (workspace / "planer" / "bs.yaml").rename(workspace / "planer" / "am-indikator-am-1.1.a.yaml")
    result = run(["build", "-f", "md"], workspace)
    assert result.exit_code == 1, result.output
    assert "planer/am-indikator-am-1.1.a.yaml og planer/am.yaml ville begge skrive" in result.output
    assert "am-indikator-am-1.1.a-tidslinje.png" in result.output
    assert not list((workspace / "build").rglob("*.png"))
