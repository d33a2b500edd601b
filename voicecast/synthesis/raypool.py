"""Synthesis on a Ray cluster (``voicecast render … --ray auto|ADDRESS``; ``pip install "voicecast[ray]"``).

Each Ray actor holds one loaded engine (a CPU actor, or a GPU actor with ``gpus`` of a GPU); the
driver sends it sentences, at most two at a time (one runs while the next waits, so no actor idles
for a round trip), and takes the audio back in completion order. The cache is written by the driver
only, so the cluster's nodes need no shared disk; assembly, encoding and the feed stay on the
driver too. An actor that dies (its process killed, its node gone) is restarted by Ray, and the
sentences it held are sent again, to another actor where there is one: nothing is lost. A sentence
is given up only after :data:`ATTEMPTS` deaths, or when the engine itself cannot say it.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from ..engines import create_engine, get_engine_class
from ..errors import EngineError
from ..settings import Settings
from .cache import SegmentCache
from .pool import Done, Job, SynthesisPool, wanted_all

log = logging.getLogger(__name__)

ATTEMPTS = 3  # actor deaths a sentence survives before it is given up
PER_ACTOR = 2  # sentences sent to an actor before it answers


class EngineActor:
    """The Ray actor: one engine, loaded once, saying one sentence per call. ``settings``: the
    driver's (paths, endpoints, graph choice), so every actor's engine is the driver's; None: the
    engine's own defaults on its node."""

    def __init__(self, engine_name: str, engine_kwargs: dict[str, Any], cpus: float, device: str = "cpu",
                 settings: Settings | None = None):
        self.engine = create_engine(engine_name, settings, **engine_kwargs)
        self.engine.use_device(device)
        # The node's cores are shared by its actors, each taking ``cpus`` of them.
        self.engine.use_jobs(max(1, int((os.cpu_count() or 1) // max(cpus, 1))))

    def describe(self) -> tuple[str, int]:
        """The engine's identity (it enters every cache key) and this actor's process id."""
        return self.engine.identity(), os.getpid()

    def preflight(self) -> None:
        self.engine.preflight()

    def speak(self, sentence: Any, voice: str, options: tuple) -> tuple[Any, tuple]:
        speech = self.engine.speak(sentence, voice, self.engine.make_options(dict(options)))
        return speech.audio, speech.words


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _ray(local: bool = False) -> Any:
    """The ray module. For a cluster on this machine only (an address on 127.0.0.1, or "local"),
    Ray is told so before it is imported: else it swaps 127.0.0.1 for the machine's network address
    and a cluster that listens on the loopback only cannot be reached."""
    if local and "ray" not in sys.modules:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
    except ImportError:
        raise EngineError("--ray needs Ray on this machine: pip install \"voicecast[ray]\"") from None
    return ray


def connect(address: str) -> Any:
    """Join the cluster at ``address`` ("auto": the one started on this machine with `ray start`;
    "local": start one just for this run). Returns the ray module."""
    host, _, port = address.rpartition(":") if "://" not in address else ("", "", "")
    ray = _ray(address == "local" or host.strip("[]") in LOCAL_HOSTS)
    if ray.is_initialized():
        return ray
    if port.isdigit():
        _reachable(host.strip("[]"), int(port))
    kwargs: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING, "configure_logging": True}
    try:
        if address == "local":
            ray.init(include_dashboard=False, _node_ip_address="127.0.0.1", **kwargs)
        else:
            ray.init(address=address, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        hint = ("no Ray cluster is running on this machine; start one with `ray start --head`, or give its address"
                if address == "auto" else f"could not join the Ray cluster at {address}")
        raise EngineError(f"{hint} ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None
    return ray


def _reachable(host: str, port: int) -> None:
    """Fail in seconds, not minutes, when nothing listens at the address (Ray itself retries for long)."""
    try:
        socket.create_connection((host, port), timeout=5).close()
    except OSError as exc:
        raise EngineError(f"no Ray cluster answers at {host}:{port} ({exc.strerror or exc}); start one with "
                          "`ray start --head`, or check the address") from None


class RayPool(SynthesisPool):
    """Sentences as tasks to engine actors on a Ray cluster."""

    def __init__(self, engine_name: str, identity: str, sample_rate: int, address: str = "auto", gpus: float = 0.0,
                 actors: int | None = None, cpus: float = 1.0, engine_kwargs: dict[str, Any] | None = None,
                 device: str = "cpu", settings: Settings | None = None):
        self.ray = ray = connect(address)
        self.sample_rate = sample_rate
        self.retries = 0  # sentences sent again after their actor died
        get_engine_class(engine_name)  # an unknown engine fails here, on the driver
        resources = ray.cluster_resources()
        if gpus > 0 and resources.get("GPU", 0) < gpus:
            raise EngineError(f"--ray-gpus {gpus:g}: the Ray cluster has {resources.get('GPU', 0):g} GPUs")
        count = actors or (int(resources.get("GPU", 0) // gpus) if gpus > 0 else int(resources.get("CPU", 1) // cpus))
        remote = ray.remote(EngineActor).options(num_cpus=cpus, num_gpus=gpus, max_restarts=-1, max_task_retries=0)
        self.actors = [remote.remote(engine_name, engine_kwargs or {}, cpus, device, settings)
                       for _ in range(max(1, count))]
        try:
            self.pids = self._check(identity)
        except BaseException:
            self.close()  # the actors would hold the cluster's CPUs for nothing
            raise

    def _check(self, identity: str) -> list[int]:
        """Every actor's engine must be the driver's (same model, same version): the cache keys
        the driver made must describe the audio the actors make."""
        try:
            described = self.ray.get([a.describe.remote() for a in self.actors], timeout=600)
        except Exception as exc:  # an actor that cannot start: the cluster's voicecast or model
            raise EngineError(f"the Ray actors could not start the engine: {_cause(exc)}") from None
        for theirs, _ in described:
            if theirs != identity:
                raise EngineError(f"a Ray worker's engine is {theirs}, the driver's is {identity}; install the same "
                                  "voicecast and models on every node")
        return [pid for _, pid in described]

    def preflight(self) -> None:
        """Every actor starts loading its engine (the model) now, before the first sentence."""
        try:
            self.ray.get([a.preflight.remote() for a in self.actors], timeout=600)
        except Exception as exc:
            raise EngineError(f"the Ray actors could not load the engine: {_cause(exc)}") from None

    def synthesize(self, jobs: Sequence[Job], cache: SegmentCache, done: Done, stop: threading.Event | None = None,
                   wanted: Callable[[Job], bool] = wanted_all) -> None:
        ray = self.ray
        stop = stop or threading.Event()
        order = sorted(range(len(jobs)), key=lambda i: (jobs[i].order, -jobs[i].size, i))
        pending = deque((jobs[i], 0, -1) for i in order)  # (job, deaths so far, the actor that died on it)
        load = [0] * len(self.actors)
        flying: dict[Any, tuple[Job, int, int]] = {}
        while pending or flying:
            while pending and not stop.is_set() and min(load) < PER_ACTOR:
                job, deaths, avoid = pending.popleft()
                if not wanted(job):
                    continue
                a = min(range(len(load)), key=lambda k: (load[k] + (k == avoid) * PER_ACTOR, k))
                seg = job.segment
                flying[self.actors[a].speak.remote(seg.sentence, seg.voice, seg.options)] = (job, deaths, a)
                load[a] += 1
            if not flying:
                break
            ready, _ = ray.wait(list(flying), num_returns=1)
            for ref in ready:
                job, deaths, a = flying.pop(ref)
                load[a] -= 1
                self._collect(ref, job, deaths, a, cache, done, pending)

    def _collect(self, ref: Any, job: Job, deaths: int, actor: int, cache: SegmentCache, done: Done,
                 pending: deque) -> None:
        from ray.exceptions import RayActorError, RayTaskError, WorkerCrashedError

        try:
            audio, words = self.ray.get(ref)
        except (RayActorError, WorkerCrashedError) as exc:  # the actor died: send the sentence again
            if deaths + 1 < ATTEMPTS:
                self.retries += 1
                log.warning("a Ray actor died (%s); sending its sentence again", type(exc).__name__)
                pending.appendleft((job, deaths + 1, actor))
                return
            done(job, EngineError(f"the Ray actors died {ATTEMPTS} times on this sentence"))
            return
        except RayTaskError as exc:  # the engine raised: the same error as a local run
            done(job, _cause(exc))
            return
        cache.put(job.segment.key, audio, self.sample_rate, words)
        done(job, None)

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []


def _cause(exc: BaseException) -> BaseException:
    """The exception raised inside a Ray task, not Ray's wrapper around it."""
    cause = getattr(exc, "cause", None)
    return cause if isinstance(cause, BaseException) else exc
