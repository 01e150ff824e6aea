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

from ..conftest import EXAMPLE, edit, held_for_a_second, run

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


def test_a_second_build_says_another_one_is_running(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sektorplan.build import lock

    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
    out = workspace / "build"
    with lock.output_lock(out, lambda text: None):
        result = run(["build", "-f", "md"], workspace)
    assert result.exit_code == 1, result.output
    assert "En anden sektorplan build eller render skriver i build lige nu. Venter" in result.output
    assert "har skrevet i build i over 0 sekunder. Intet er dannet." in result.output
    assert not out.exists()  # nothing written: the folder made for the lock is gone


def test_a_build_waits_for_a_render_into_one_of_its_language_folders(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sektorplan.build import lock

    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
    (workspace / "build" / "da").mkdir(parents=True)
    with lock.output_lock(workspace / "build" / "da", lambda text: None):  # render -o build/da
        result = run(["build", "-f", "md"], workspace)
    assert result.exit_code == 1, result.output
    assert "En anden sektorplan build eller render skriver i build/da lige nu." in result.output
    assert [p.name for p in (workspace / "build").iterdir()] == ["da"]
    assert list((workspace / "build" / "da").iterdir()) == []
    # And while a build writes, a render into build/da cannot take build/da's lock.
    import sektorplan.build as build_stage

    refused: list[str] = []
    real = build_stage.run_jobs

    def run_jobs(*args: object, **kwargs: object) -> object:
        try:
            with lock.output_lock(workspace / "build" / "da", lambda text: None):
                pass
        except lock.BusyError as exc:
            refused.append(str(exc))
        return real(*args, **kwargs)

    monkeypatch.setattr(build_stage, "run_jobs", run_jobs)
    result = run(["build", "-f", "md", "--jobs", "1"], workspace)
    assert result.exit_code == 0, result.output
    assert refused and "skrevet i build/da" in refused[0]
    assert not list((workspace / "build").rglob(lock.NAME))


def test_a_second_build_waits_for_the_first(workspace: Path) -> None:
    from sektorplan.build import lock

    out = workspace / "build"
    with held_for_a_second(out):
        result = run(["build", "-f", "md"], workspace)
    assert result.exit_code == 0, result.output
    assert "Venter, til den er færdig" in result.output
    assert (out / "da" / "filer" / "bs.md").is_file()
    assert not (out / lock.NAME).exists()


def test_the_lock_is_gone_after_a_build_and_a_killed_holder_holds_nothing(
    workspace: Path,
) -> None:
    from sektorplan.build import lock

    assert run(["build", "-f", "md"], workspace).exit_code == 0
    assert not (workspace / "build" / lock.NAME).exists()
    # A lock file left by a build that was killed is no lock: the next build takes it.
    (workspace / "build" / lock.NAME).write_text("")
    assert run(["build", "-f", "md"], workspace).exit_code == 0


def manifest_data(folder: Path) -> dict:
    import json

    return json.loads((folder / MANIFEST).read_text("utf-8"))


def set_manifest(folder: Path, data: dict) -> None:
    import json

    (folder / MANIFEST).write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_clean_removes_no_file_a_manifest_names_by_hand(workspace: Path) -> None:
    """notes.txt, added to the manifest by hand or a bad merge, with a digest copied from a
    real output: not sektorplan's kind of file, so not removed."""
    assert run(["build", "-f", "md"], workspace).exit_code == 0
    out = workspace / "build" / "da"
    (out / "notes.txt").write_text("mine noter", "utf-8")
    data = manifest_data(out)
    data["outputs"]["notes.txt"] = ""
    data["indhold"]["notes.txt"] = data["indhold"]["filer/bs.md"]
    set_manifest(out, data)
    result = run(["build", "-f", "md", "--clean"], workspace)
    assert result.exit_code == 0, result.output
    assert (out / "notes.txt").read_text("utf-8") == "mine noter"
    assert "notes.txt" not in manifest_data(out)["outputs"]


def test_clean_removes_no_document_the_user_changed(workspace: Path) -> None:
    assert run(["build", "-f", "md"], workspace).exit_code == 0
    out = workspace / "build" / "da"
    (workspace / "planer" / "am.yaml").unlink()
    edit(workspace / "planer" / "bs.yaml", "afhænger-af: [AM-I1]", "afhænger-af: []")
    (out / "filer" / "am.md").write_text("# Mine rettelser\n", "utf-8")
    result = run(["build", "-f", "md", "--clean"], workspace)
    assert result.exit_code == 0, result.output
    assert (out / "filer" / "am.md").read_text("utf-8") == "# Mine rettelser\n"
    assert "filer/am.md" not in manifest_data(out)["outputs"]


def test_clean_removes_what_sektorplan_made_and_nothing_outside(workspace: Path) -> None:
    assert run(["build", "-f", "md"], workspace).exit_code == 0
    out = workspace / "build" / "da"
    outside = workspace / "planer" / "bs.yaml"
    data = manifest_data(out)
    data["outputs"]["../../planer/bs.yaml"] = ""
    data["indhold"]["../../planer/bs.yaml"] = manifest_data(out)["indhold"]["filer/bs.md"]
    set_manifest(out, data)
    made = sorted(p.name for p in out.rglob("am*"))
    (workspace / "planer" / "am.yaml").unlink()
    edit(outside, "afhænger-af: [AM-I1]", "afhænger-af: []")
    result = run(["build", "-f", "md", "--clean"], workspace)
    assert result.exit_code == 0, result.output
    assert made and not list(out.rglob("am*"))
    assert outside.is_file()
