"""The one synthesis scheduler, for render, a catalogue and say: at most ``jobs`` chunks at once, and
at most ``budget`` of their summed cost at once, heaviest first within each group (lower groups
first; one job: in the given order).

The cost is the engine's measure of what a chunk takes while it runs (the offline engine: model
tokens, which its memory grows with). Longest-first alone would start the two longest chunks
together, which is the memory peak of a whole render; with a budget the next chunk started is the
heaviest one that still fits beside those running, so long chunks pair with short ones and both
cores stay busy. A chunk heavier than the budget runs, alone. Groups let a catalogue finish its
episodes one after another (each can be assembled while the next is synthesized) with no idle
core between them.

:func:`stream_bounded` yields each outcome as it completes and goes on after a failure (the caller
decides, by setting ``stop``); :func:`run_bounded` stops at the first failure and raises it. Either
way, on Ctrl-C or a stop, what is running finishes and nothing more starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def stream_bounded(items: Sequence[T], work: Callable[[T], R], jobs: int, cost: Callable[[T], int] = lambda _: 1,
                   budget: int | None = None, group: Callable[[T], tuple[int, ...]] = lambda _: (),
                   stop: threading.Event | None = None) -> Iterator[tuple[int, R | BaseException]]:
    """``(index, result or the exception it raised)`` for each item, in completion order. Lower
    ``group`` keys start first (a catalogue's episode, a render's chapter). Once ``stop`` is set
    nothing more starts; what runs is still reported."""
    stop = stop or threading.Event()
    if max(1, jobs) == 1:  # one at a time, in the caller's thread and order
        for i, item in enumerate(items):
            if stop.is_set():
                return
            yield i, _outcome(work, item)
        return
    costs = [max(0, int(cost(item))) for item in items]
    groups = [group(item) for item in items]
    pending = sorted(range(len(items)), key=lambda i: (groups[i], -costs[i], i))  # ties keep the caller's order
    running: dict[Future, int] = {}
    in_use = 0
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="synth") as pool:
        try:
            while pending or running:
                while pending and len(running) < jobs and not stop.is_set():
                    pick = _heaviest_fitting(pending, costs, in_use, budget, bool(running))
                    if pick is None:
                        break
                    i = pending.pop(pick)
                    running[pool.submit(_outcome, work, items[i])] = i
                    in_use += costs[i]
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    i = running.pop(future)
                    in_use -= costs[i]
                    yield i, future.result()
        except BaseException:  # Ctrl-C while waiting, or the caller closed the stream: the running ones finish
            pending.clear()
            wait(running)
            raise


def run_bounded(items: Sequence[T], work: Callable[[T], R], jobs: int, cost: Callable[[T], int] = lambda _: 1,
                budget: int | None = None) -> list[R]:
    """``[work(item) for item in items]``, run on ``jobs`` threads within the cost ``budget``;
    results in the order of ``items``. The first failure stops it and is raised once the running
    ones have finished."""
    results: list = [None] * len(items)
    stop = threading.Event()
    failure: BaseException | None = None
    for i, outcome in stream_bounded(items, work, jobs, cost, budget, stop=stop):
        if isinstance(outcome, BaseException):
            failure = failure or outcome
            stop.set()
        else:
            results[i] = outcome
    if failure is not None:
        raise failure
    return results


def _outcome(work: Callable[[T], R], item: T) -> R | BaseException:
    try:
        return work(item)
    except Exception as exc:  # reported to the caller as an outcome; Ctrl-C and exits still propagate
        return exc


def _heaviest_fitting(pending: list[int], costs: list[int], in_use: int, budget: int | None, busy: bool) -> int | None:
    """Position in ``pending`` (by group, heaviest first) of the first that fits beside what is
    running; a later group's chunk may fill a core while the current group's heaviest waits."""
    if budget is None or not busy:
        return 0
    for pos, i in enumerate(pending):
        if in_use + costs[i] <= budget:
            return pos
    return None
