"""Search by relevance (quizzer.core.search): what a query names comes first."""

from __future__ import annotations

from quizzer.core.bank import load_bank
from quizzer.core.progress import browser_rows, filter_rows
from quizzer.core.search import Document, rank, relevance, words

CELL = Document("numpy-lstm-cell", "Implement a simple LSTM cell (NumPy)", ("lstm", "recurrent"), ("recurrent", "coding"), "Write a single LSTM cell forward pass.")
BACKWARD = Document("numpy-lstm-cell-backward", "LSTM cell backward pass (NumPy)", ("lstm", "chain rule"), ("backpropagation", "coding"), "Backpropagate through one LSTM cell.")
RELU = Document("choice-relu", "Derivative of ReLU", ("activation",), ("basics", "choice"), "What is the derivative of ReLU at a positive input?")
DENSE = Document("numeric-params", "Parameters of a dense layer", ("counting",), ("basics", "numeric"), "A dense layer from 10 inputs to 5 outputs: how many parameters, bias included?")


def ids(query: str, documents=(BACKWARD, RELU, DENSE, CELL)) -> list[str]:
    return [d.id for d in rank(query, documents, lambda d: d)]


def test_words_split_on_anything_but_letters_and_digits():
    assert words("numpy-lstm-cell") == ["numpy", "lstm", "cell"]
    assert words("  ReLU's (NumPy) x_t ") == ["relu", "s", "numpy", "x", "t"]


def test_the_question_a_query_names_most_closely_comes_first():
    assert ids("lstm cell") == ["numpy-lstm-cell", "numpy-lstm-cell-backward"]
    assert ids("LSTM cell backward") == ["numpy-lstm-cell-backward"]
    assert ids("lstm backward") == ["numpy-lstm-cell-backward"]


def test_an_exact_id_or_title_beats_everything():
    assert relevance("numpy-lstm-cell-backward", BACKWARD)[0] == 0
    assert relevance("derivative of relu", RELU)[0] == 0
    assert ids("numpy lstm cell backward")[0] == "numpy-lstm-cell-backward"


def test_whole_words_before_word_starts_before_inside_words_before_the_prompt():
    documents = [
        Document("p", "Something else", prompt="the layer norm keeps activations scaled"),  # in the prompt only
        Document("i", "Batchnorm and its buffers"),  # inside a word
        Document("s", "Normalization in practice"),  # starts a word
        Document("w", "Why norm matters"),  # a whole word
    ]
    assert [d.id for d in rank("norm", documents, lambda d: d)] == ["w", "s", "i", "p"]


def test_tags_topic_and_kind_are_found_below_title_words():
    assert ids("counting") == ["numeric-params"]
    assert ids("basics") == ["choice-relu", "numeric-params"]  # the order given, within a rank
    assert ids("recurrent") == ["numpy-lstm-cell"]
    assert [d.id for d in rank("activation", [Document("t", "Activation functions"), RELU], lambda d: d)] == ["t", "choice-relu"]


def test_every_word_must_be_found_somewhere():
    assert ids("relu deriv") == ["choice-relu"]
    assert ids("relu lstm") == []
    assert relevance("bias included", DENSE) is not None  # the prompt counts
    assert relevance("transformer", DENSE) is None


def test_an_empty_query_keeps_everything_in_order():
    assert ids("") == ["numpy-lstm-cell-backward", "choice-relu", "numeric-params", "numpy-lstm-cell"]
    assert ids("  -- ") == ids("")


def test_the_real_bank_ranks_the_lstm_cell_first_in_the_browser_rows():
    rows = browser_rows(load_bank(), {})
    shown = [row.id for row in filter_rows(rows, query="lstm cell")]
    assert shown[:2] == ["numpy-lstm-cell", "numpy-lstm-cell-backward"]
    assert [row.id for row in filter_rows(rows, query="lstm cell", kind="coding", topic="backpropagation")] == ["numpy-lstm-cell-backward"]
