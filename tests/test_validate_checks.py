"""`validate` catches a bug caught only by luck (a mutant whose verdict depends on the seed) and trivial answers that pass."""

from __future__ import annotations

import pytest

from quizzer.core.bank import load_bank
from quizzer.core.validate import MIN_SEEDS, check_question, seeds_for
from toybank import make_bank

NO_ABS = ("import numpy as np\n\ndef max_abs(x):\n    return float(np.max(x))\n", "wrong_answer", "forgets the abs: max(x) instead of max(|x|)")

WEAK_SUITE = '''
import numpy as np

from quizzer.core.suite import Test


def tests(rng):
    visible = Test("example", visible=True)
    visible.call("max_abs", np.array([1.0, -0.5, 2.0]))
    weak = Test("only a property, with its own loose tolerance", compare=False, check=lambda obs: None if obs[0]["result"] >= 0 else "negative")
    weak.call("max_abs", rng.standard_normal(3))
    return [weak]
'''


def question(root, **options):
    folder = make_bank(root, **options)
    bank = load_bank(root / "questions")
    assert not bank.errors, bank.errors
    return bank.get("toy-max-abs")


def test_at_least_eight_seeds_are_used():
    assert MIN_SEEDS >= 8 and seeds_for(None) == list(range(MIN_SEEDS)) and seeds_for([5]) == [5, 0, 1, 2, 3, 4, 6, 7]


def test_a_mutant_caught_on_some_seeds_only_fails_validation(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZZER_CONTENT", str(tmp_path))
    # The suite's one hidden input is three normal numbers: the largest magnitude is negative on about half the seeds.
    problems = check_question(question(tmp_path, mutants={"no_abs.py": NO_ABS}))
    (problem,) = problems
    assert "no_abs.py [mutants.4]: the verdict depends on the seed (" in problem and "a bug caught by luck" in problem
    assert "wrong_answer on seed(s)" in problem and "accepted on seed(s)" in problem


def test_the_same_question_with_a_fixed_negative_case_passes(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZZER_CONTENT", str(tmp_path))
    fixed = '''
import numpy as np

from quizzer.core.suite import Test


def tests(rng):
    visible = Test("example", visible=True)
    visible.call("max_abs", np.array([1.0, -0.5, 2.0]))
    hidden = Test("three random numbers")
    hidden.call("max_abs", rng.standard_normal(3))
    negative = Test("the largest magnitude is negative")
    negative.call("max_abs", np.array([0.5, -3.0, 1.0]))
    return [visible, hidden, negative]
'''
    assert check_question(question(tmp_path, suite=fixed, mutants={"no_abs.py": NO_ABS})) == []


def test_trivial_answers_that_pass_a_weak_suite_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZZER_CONTENT", str(tmp_path))
    problems = [p for p in check_question(question(tmp_path, suite=WEAK_SUITE)) if "[trivial answers]" in p]
    kinds = {kind for kind in ("all zeros", "random", "nudged past the tolerance") if any(kind in p for p in problems)}
    assert kinds == {"all zeros", "random", "nudged past the tolerance"}
    assert any("replaced by all zeros passes every test on seed(s) 0, 1, 2, 3, 4, 5, 6, 7" in p for p in problems)
    assert all("`max_abs's result` replaced by" in p for p in problems)
