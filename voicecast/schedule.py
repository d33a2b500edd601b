"""The one synthesis scheduler, for render and say: at most ``jobs`` chunks at once, and at most
``budget`` of their summed cost at once, heaviest first (one job: in the given order).

The cost is the engine's measure of what a chunk takes while it runs (the offline engine: model
tokens, which its memory grows with). Longest-first alone would start the two longest chunks
together, which is the memory peak of a whole render; with a budget the next chunk started is the
heaviest one that still fits beside those running, so long chunks pair with short ones and both
cores stay busy. A chunk heavier than the budget runs, alone.

On a failure or Ctrl-C, what is running finishes and nothing more starts; the first error is raised.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def run_bounded(items: Sequence[T], work: Callable[[T], R], jobs: int, cost: Callable[[T], int] = lambda _: 1,
                budget: int | None = None) -> list[R]:
    """``[work(item) for item in items]``, run on ``jobs`` threads within the cost ``budget``;
    results in the order of ``items``."""
    if max(1, jobs) == 1:  # one at a time: in the caller's order (a failure leaves what came before done)
        return [work(item) for item in items]
    costs = [max(0, int(cost(item))) for item in items]
    # Heaviest first; ties keep the caller's order.
    pending = sorted(range(len(items)), key=lambda i: (-costs[i], i))
    results: list = [None] * len(items)
    running: dict[Future, int] = {}
    in_use = 0
    failure: BaseException | None = None
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="synth") as pool:
        try:
            while pending or running:
                while pending and len(running) < jobs and failure is None:
                    pick = _heaviest_fitting(pending, costs, in_use, budget, bool(running))
                    if pick is None:
                        break
                    i = pending.pop(pick)
                    running[pool.submit(work, items[i])] = i
                    in_use += costs[i]
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    i = running.pop(future)
                    in_use -= costs[i]
                    if future.exception() is not None:
                        failure = failure or future.exception()
                    else:
                        results[i] = future.result()
                if failure is not None:
                    pending.clear()  # let the running ones finish (their work is kept), start nothing
        except BaseException:  # Ctrl-C while waiting: the same, then up
            pending.clear()
            wait(running)
            raise
    if failure is not None:
        raise failure
    return results


def _heaviest_fitting(pending: list[int], costs: list[int], in_use: int, budget: int | None,
                      busy: bool) -> int | None:
    """Position in ``pending`` (heaviest first) of the first that fits beside what is running."""
    if budget is None or not busy:
        return 0
    for pos, i in enumerate(pending):
        if in_use + costs[i] <= budget:
            return pos
    return None
