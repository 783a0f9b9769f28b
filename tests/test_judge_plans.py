"""Several seeds judged in one sandboxed child give each seed the verdict it gets alone, even when the child dies."""

from __future__ import annotations

import pytest

from quizzer.core.judge import judge, judge_plans, make_plan
from quizzer.core.task import read_task
from toybank import make_bank

# Exits the whole process on seeds whose hidden input starts with a positive number: the child dies mid-run.
DIES_SOMETIMES = '''
import os
import numpy as np


def max_abs(x):
    if len(x) == 3 and x[0] > 0 and x[1] != -0.5:
        os._exit(3)
    return float(np.max(np.abs(x)))
'''


@pytest.fixture
def task(tmp_path, monkeypatch):
    folder = make_bank(tmp_path)
    monkeypatch.setenv("QUIZZER_CONTENT", str(tmp_path))
    return read_task(folder)


def test_each_plan_gets_the_verdict_it_gets_alone(task):
    seeds = list(range(8))
    plans = [make_plan(task, seed) for seed in seeds]
    together = judge_plans(task, DIES_SOMETIMES.encode(), plans)
    alone = [judge(task, DIES_SOMETIMES.encode(), seed=seed, diagnose=False) for seed in seeds]
    assert [(r.seed, r.verdict, r.passed) for r in together] == [(r.seed, r.verdict, r.passed) for r in alone]
    assert {r.verdict.value for r in together} == {"accepted", "runtime_error"}  # the seeds really differ


def test_stop_early_leaves_out_the_plans_after_a_rejection(task):
    plans = [make_plan(task, seed) for seed in range(8)]
    results = judge_plans(task, DIES_SOMETIMES.encode(), plans, stop_early=True)
    assert results[-1].verdict.value == "runtime_error" and all(r.verdict.value == "accepted" for r in results[:-1])
    assert len(results) < len(plans)
