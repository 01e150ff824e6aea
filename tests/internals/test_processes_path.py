"""The fence's path `processes` (internals/processpool.py): a pool's idle workers are ended
at once. The test FAILS, never skips, when the path cannot run on this Python."""

from __future__ import annotations

import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from sektorplan import internals
from sektorplan.internals import processpool


def _started(executor: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    executor.submit(int).result()  # a worker is running
    return processpool.processes(executor)


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="Python 3.14 has terminate_workers")
def test_the_path_can_run_and_ends_the_workers_at_once() -> None:
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    workers = _started(executor)
    assert workers and all(w.is_alive() for w in workers)
    processpool.stop_workers(executor)
    # Ended, whoever reaps it: this thread's join, or the executor's own thread (which then
    # finds its pool broken). A process that has ended but is not reaped yet is a zombie.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(_ended(w) for w in workers):
        time.sleep(0.05)
    assert all(_ended(w) for w in workers)
    executor.shutdown(wait=True)


def _ended(worker: multiprocessing.process.BaseProcess) -> bool:
    if worker.exitcode is not None:
        return True
    try:
        status = Path(f"/proc/{worker.pid}/status").read_text()
    except OSError:  # reaped: gone
        return True
    return "\nState:\tZ" in status


def test_without_the_path_the_pool_is_shut_down_as_python_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEKTORPLAN_INTERNALS_PROCESSES", "0")
    internals.enabled.cache_clear()
    try:
        executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        workers = _started(executor)
        processpool.stop_workers(executor)
        assert not any(w.is_alive() for w in workers)  # shut down and waited for
    finally:
        internals.enabled.cache_clear()
