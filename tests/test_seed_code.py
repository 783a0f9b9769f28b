"""The interview notes' own code, graded as it behaves (issue 4): its SimpleNN and practice-question
answers are accepted, its LSTM file as written is a runtime_error (the example crashes at import), the
LSTM function alone is accepted.

The notes' page flattened its code onto a few lines; questions/_interview_notes/ keeps it reconstructed
as Python (newlines and indentation restored, nothing else) for the questions that show it, and the
first tests prove each copy is the page's text token for token, whole blocks, nothing left out.
tests/seed_code/seed_page.txt is the page itself, kept in the repository so all of this runs in any
clone; its SHA-256, taken from the original page when it was copied, proves the copy was not edited since.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from quizzer.core.bank import load_bank
from quizzer.core.judge import judge
from quizzer.core.spec import Verdict

NOTES_CODE = Path(__file__).resolve().parents[1] / "questions" / "_interview_notes"
SEED_PAGE = Path(__file__).parent / "seed_code" / "seed_page.txt"
# sha256sum of the original page (shared/seed/000_7fa479c6f9b3450f.txt), taken when it was copied here.
ORIGINAL_PAGE_SHA256 = "408b70949f9566113fa591738f14e6e544867143fdb263a764417eb1e812bb0d"
BANK = load_bank()

# copies, one after the other -> (text just before the block on the page, text just after it)
BLOCKS = {
    ("simple_nn.py",): ("including forward and backward propagation.", "Implement a Simple LSTM Cell (NumPy)"),
    ("lstm_cell.py",): ("Write a single LSTM cell forward pass using NumPy.", "Practice Questions"),
    ("feedforward_nn.py",): ("Break it down into initialization, forward pass, and backward pass", "2. Explain how backpropagation works"),
    ("modern_network.py", "training_manager.py"): ("Performance monitoring", "Interview Examples"),
}


def _words(text: str) -> str:
    return " ".join(text.split())


def _source(name: str) -> str:
    return (NOTES_CODE / name).read_text(encoding="utf-8")


def _lstm_function_alone() -> str:
    text = _source("lstm_cell.py")
    return text[: text.index("# Example usage")]


def test_stored_page_is_the_original_page():
    assert hashlib.sha256(SEED_PAGE.read_bytes()).hexdigest() == ORIGINAL_PAGE_SHA256


@pytest.mark.parametrize("names", sorted(BLOCKS))
def test_copy_is_the_notes_block_token_for_token(names):
    """Only whitespace differs from the page, and the copies span the whole block between its neighbours."""
    page = _words(SEED_PAGE.read_text(encoding="utf-8"))
    before, after = BLOCKS[names]
    copy = _words(" ".join(_source(name) for name in names))
    assert page.count(copy) == 1
    start = page.index(copy)
    assert page[:start].rstrip().endswith(before)
    assert page[start + len(copy) :].lstrip().startswith(after)


def _judge(question_id: str, source: str, seed: int = 0):
    return judge(BANK.get(question_id), source.encode("utf-8"), seed=seed)


@pytest.mark.parametrize("seed", [0, 1])
def test_seed_simple_nn_with_its_example_usage_is_accepted(seed):
    """The seed's class is a correct answer; its example (1000 epochs, prints) runs at import and is captured."""
    result = _judge("numpy-simple-nn", _source("simple_nn.py"), seed)
    assert result.verdict == Verdict.accepted, result.message
    assert result.passed == result.total
    assert "Epoch 900, Loss: " in result.output  # the example's prints are kept apart from the verdict


@pytest.mark.parametrize("seed", [0, 1])
def test_seed_practice_answer_is_accepted(seed):
    result = _judge("numpy-feedforward-nn", _source("feedforward_nn.py"), seed)
    assert result.verdict == Verdict.accepted, result.message
    assert result.passed == result.total


def test_seed_lstm_file_as_written_is_a_runtime_error_at_import():
    """The example unpacks four weights then four biases as Wf, bf, Wi, ...: np.dot((1, 8), (1, 5)) fails."""
    result = _judge("numpy-lstm-cell", _source("lstm_cell.py"))
    assert result.verdict == Verdict.runtime_error
    assert result.message.startswith("at import: ValueError")
    assert result.passed == 0


@pytest.mark.parametrize("seed", [0, 1])
def test_seed_lstm_function_alone_is_accepted(seed):
    result = _judge("numpy-lstm-cell", _lstm_function_alone(), seed)
    assert result.verdict == Verdict.accepted, result.message


def test_seed_classes_are_not_each_others_answers():
    """The two seed networks differ (BCE with biases vs the summed-squares update without): neither passes the other's question."""
    assert _judge("numpy-simple-nn", _source("feedforward_nn.py")).verdict == Verdict.interface_error
    assert _judge("numpy-feedforward-nn", _source("simple_nn.py")).verdict == Verdict.interface_error
