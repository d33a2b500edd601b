"""The synthesis scheduler: jobs and a cost budget bound what runs at once; failures stop it cleanly."""

from __future__ import annotations

import threading
import time

import pytest

from voicecast.synthesis.schedule import run_bounded


class _Meter:
    def __init__(self):
        self.lock = threading.Lock()
        self.running: list[int] = []
        self.most_jobs = self.most_cost = 0
        self.started: list[int] = []

    def work(self, cost):
        with self.lock:
            self.running.append(cost)
            self.started.append(cost)
            self.most_jobs = max(self.most_jobs, len(self.running))
            self.most_cost = max(self.most_cost, sum(self.running))
        time.sleep(0.002 * cost)
        with self.lock:
            self.running.remove(cost)
        return cost * 10


def test_results_in_order_within_jobs_and_budget():
    costs = [5, 1, 9, 3, 3, 7, 2, 2, 8, 1, 4, 6]
    meter = _Meter()
    assert run_bounded(costs, meter.work, jobs=3, cost=lambda c: c, budget=10) == [c * 10 for c in costs]
    assert meter.most_jobs <= 3 and meter.most_cost <= 10
    assert meter.started[0] == 9  # heaviest first


def test_long_chunks_pair_with_short_ones_and_an_oversized_one_runs_alone():
    meter = _Meter()
    run_bounded([12, 9, 8, 1, 1, 1, 1], meter.work, jobs=2, cost=lambda c: c, budget=10)
    assert meter.most_cost <= 12 and meter.started[0] == 12
    assert meter.started[1] in (9, 8) and meter.started[2] == 1  # the 9 runs with a 1, not with the 8


def test_without_a_budget_it_is_longest_first_on_all_jobs():
    meter = _Meter()
    run_bounded([1, 5, 3, 5], meter.work, jobs=4, cost=lambda c: c)
    assert meter.most_jobs == 4 and meter.started[:2] == [5, 5]


def test_a_failure_lets_running_work_finish_and_starts_nothing_more():
    finished, started = [], []
    lock = threading.Lock()

    def work(n):
        with lock:
            started.append(n)
        if n == 0:
            raise RuntimeError("boom")
        time.sleep(0.05)
        with lock:
            finished.append(n)
        return n

    with pytest.raises(RuntimeError, match="boom"):
        run_bounded(list(range(20)), work, jobs=2, cost=lambda n: 100 - n)  # 0 is heaviest: first
    assert len(started) <= 3 and set(finished) == set(started) - {0}


def test_one_job_runs_in_the_given_order_in_the_calling_thread():
    seen = []
    assert run_bounded([1, 3, 2], lambda c: seen.append((c, threading.current_thread().name)) or c, jobs=1,
                       cost=lambda c: c) == [1, 3, 2]
    assert seen == [(c, threading.current_thread().name) for c in (1, 3, 2)]
