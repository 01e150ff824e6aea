"""The path `processes`: ending a process pool's idle workers at once.

A build starts its workers before the workspace is validated, so that their imports run
meanwhile. When the workspace has errors, they get no job, and waiting for them to finish
their imports would only keep the user waiting. Python 3.14 has a public way to end them
(`ProcessPoolExecutor.terminate_workers`); before it, the executor's `_processes` (its
worker processes by pid) are terminated one by one.

Off (`SEKTORPLAN_INTERNALS_PROCESSES=0`) or not available: the pool is shut down as
`concurrent.futures` does it, waiting for the workers to end.
"""

from __future__ import annotations

from typing import Any

from sektorplan.internals import Unavailable, enabled


def processes(executor: Any) -> list[Any]:
    """The executor's worker processes (before Python 3.14 only through `_processes`)."""
    found = getattr(executor, "_processes", None)
    if not isinstance(found, dict):
        raise Unavailable("ProcessPoolExecutor has no _processes")
    return list(found.values())


def stop_workers(executor: Any) -> None:
    """End the workers of `executor`, which have no job, without waiting for them."""
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:  # Python 3.14 and later: public
        terminate()
        return
    if enabled("processes"):
        try:
            for process in processes(executor):
                process.terminate()
            return
        except Unavailable:
            pass
    executor.shutdown(wait=True, cancel_futures=True)
