"""Where sentences are synthesized: the one interface a render and a catalogue hand their missing
segments to, and the local pool (the engine on this machine's threads). A Ray pool
(:mod:`voicecast.synthesis.raypool`) implements the same interface on a cluster.

A pool synthesizes each job into the content-addressed cache under the job's key and reports every
outcome, in completion order, to the caller's ``done`` callback (always from the caller's thread).
It goes on after a failure; the caller sets ``stop`` when nothing more should start, and ``wanted``
is asked just before a job starts (a catalogue skips the sentences of an episode that failed).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..engines import Engine
from ..errors import EngineError
from ..planning.plan import Segment
from .cache import SegmentCache
from .schedule import stream_bounded


@dataclass(frozen=True)
class Job:
    """One segment to synthesize, with the caller's bookkeeping."""

    segment: Segment
    group: int = 0  # lower groups start first (a catalogue: the episode's place)
    where: str = ""  # for messages: "chapter 2 (Title)"
    chapter: int = 0  # within a group, lower chapters start first (each can be heard while the next is made)

    @property
    def order(self) -> tuple[int, int]:
        """What starts first: the group, then the chapter (heaviest first within one)."""
        return self.group, self.chapter

    @property
    def size(self) -> int:
        """How long the sentence is: every pool starts the longest of a group first."""
        return len(self.segment.sentence.text)


Done = Callable[[Job, BaseException | None], None]


def wanted_all(job: Job) -> bool:
    return True


class SynthesisPool(ABC):
    """Synthesizes jobs into a cache."""

    @abstractmethod
    def synthesize(self, jobs: Sequence[Job], cache: SegmentCache, done: Done, stop: threading.Event | None = None,
                   wanted: Callable[[Job], bool] = wanted_all) -> None:
        """Synthesize every wanted job into ``cache``; ``done(job, error)`` after each (error None
        when it is cached). Returns when nothing is left running."""

    def preflight(self) -> None:  # noqa: B027 - optional hook
        """Raise :class:`EngineError` quickly when synthesis cannot work at all (before any output)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release what the pool holds (engines, actors)."""


class LocalPool(SynthesisPool):
    """The engine on ``jobs`` threads of this machine (heaviest first within each chapter, within the
    engine's cost budget); each result is cached by the thread that made it, so an interrupted
    render keeps everything that finished."""

    def __init__(self, engine: Engine, jobs: int | None = None):
        self.engine = engine
        self.jobs = max(1, jobs or engine.default_jobs)
        engine.use_jobs(self.jobs)

    def preflight(self) -> None:
        self.engine.preflight()

    def synthesize(self, jobs: Sequence[Job], cache: SegmentCache, done: Done, stop: threading.Event | None = None,
                   wanted: Callable[[Job], bool] = wanted_all) -> None:
        engine = self.engine

        def work(job: Job) -> bool:
            if not wanted(job):
                return False
            seg = job.segment
            speech = engine.speak(seg.sentence, seg.voice, engine.make_options(dict(seg.options)))
            cache.put(seg.key, speech.audio, engine.sample_rate, speech.words)
            return True

        def cost(job: Job) -> int:
            if engine.cost_budget is None:  # only the order needs it: the text's length will do
                return job.size
            seg = job.segment
            return engine.cost(seg.sentence, seg.voice, engine.make_options(dict(seg.options)))

        for i, outcome in stream_bounded(jobs, work, self.jobs, cost, engine.cost_budget, lambda job: job.order,
                                         stop):
            if outcome is not False:
                done(jobs[i], outcome if isinstance(outcome, BaseException) else None)


def failure_message(job: Job, exc: BaseException) -> BaseException:
    """The error a render shows for a sentence that could not be synthesized: where it is, what it
    says, and that what was done is kept. Errors that are not the engine's pass through as they are."""
    if not isinstance(exc, EngineError):
        return exc
    seg = job.segment
    line = f", line {seg.line}" if seg.line else ""
    error = EngineError(f"{job.where}{line}: could not synthesize {seg.sentence.text[:60]!r}: {exc}. "
                        "Everything synthesized so far is cached; run the same command again to resume.")
    error.__cause__ = exc
    return error
