"""`quizzer validate` over the whole bank, one test per coding question: the judge's test of itself.

On 8 seeds: every reference is accepted, every starter rejected, every mutant gets exactly its spec'd
verdict on every seed, and trivial answers (zeros, random, the input echoed, nudged past the tolerance) fail.
"""

from __future__ import annotations

import pytest

from quizzer.core.bank import load_bank
from quizzer.core.spec import Coding
from quizzer.core.validate import check_question

BANK = load_bank()
CODING = sorted(q.id for q in BANK.questions.values() if isinstance(q.spec, Coding))


def test_the_bank_has_no_broken_questions():
    assert [str(e) for e in BANK.errors] == []


@pytest.mark.parametrize("question_id", CODING)
def test_reference_accepted_starter_and_mutants_rejected(question_id):
    assert check_question(BANK.questions[question_id]) == []
