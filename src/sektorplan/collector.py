"""Python's cyclic garbage collector, paused while large data without cycles is built and used.

Loading keeps every value of a workspace and its position alive, and the checks and reports
keep them until they are done. That data holds no reference cycles, so the cyclic collector
finds nothing in it, yet it would go over the growing heap again and again. Reference
counting still frees whatever is dropped. Nothing is frozen: `gc.freeze()` would also move
every object of the calling process, garbage included, out of the collector's reach for good.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, and on again after it if it was on before (so a
    pause inside a pause leaves it off until the outer one ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
