"""Work of the build spread over the machine's cores.

:func:`forked_map` is what the playground's training and the figures' drawing
(:mod:`sitebuild.figures`) use.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def forked_map(function: Callable[[Item], Result], items: Iterable[Item],
               chunksize: int = 1) -> Iterator[Result]:
    """``function(item)`` for each item, in order, computed by one forked process a core.

    Forking is quick (the workers start with everything imported) but safe only
    in a process with a single thread, such as ``mkdocs build``. With more threads
    (``mkdocs serve``'s server, a test's web server) or one core, or where fork
    does not exist, the items are done here, one after the other.

    >>> list(forked_map(abs, [-2, 3, -4]))
    [2, 3, 4]
    """
    items = list(items)
    workers = min(os.cpu_count() or 1, len(items))
    if (workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield from map(function, items)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(function, items, chunksize=chunksize)
