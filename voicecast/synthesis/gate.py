"""Which chapters have all their audio: the synthesis side says each segment it caches, the
assembly side waits for a chapter before it assembles it, so chapter 1 is written (and can be
heard) while later chapters are still being synthesized."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from ..planning.plan import ChapterPlan


class ChapterGate:
    """Opens chapter ``n`` once every segment it needs that was missing is cached; a failure (or an
    interrupted synthesis) opens every chapter, and waiting on one then raises it."""

    def __init__(self, plans: Iterable[ChapterPlan], missing: Iterable[str]):
        wanted = set(missing)
        self._lock = threading.Lock()
        self._left: dict[int, set[str]] = {}
        self._opened: dict[int, threading.Event] = {}
        self._chapters_of: dict[str, list[int]] = {}
        for plan in plans:
            keys = {seg.key for seg in plan.segments if seg.key in wanted}
            self._left[plan.index] = keys
            self._opened[plan.index] = threading.Event()
            for key in keys:
                self._chapters_of.setdefault(key, []).append(plan.index)
            if not keys:
                self._opened[plan.index].set()
        self._failure: BaseException | None = None

    def cached(self, key: str) -> None:
        """The segment ``key`` is in the cache."""
        with self._lock:
            for index in self._chapters_of.pop(key, ()):
                left = self._left[index]
                left.discard(key)
                if not left:
                    self._opened[index].set()

    def fail(self, error: BaseException) -> None:
        """Synthesis stopped: nothing more will arrive."""
        with self._lock:
            self._failure = self._failure or error
            for event in self._opened.values():
                event.set()

    def wait(self, index: int) -> None:
        """Return once chapter ``index`` can be assembled; raise why it never will."""
        self._opened[index].wait()
        with self._lock:
            if self._left[index] and self._failure is not None:
                raise _Stopped(self._failure)


class _Stopped(Exception):
    """Raised in the assembler when synthesis stopped before its chapter was complete."""

    def __init__(self, cause: BaseException):
        super().__init__(str(cause))
        self.cause = cause
