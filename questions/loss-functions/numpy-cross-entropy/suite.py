"""Tests for numpy-cross-entropy: loss and gradient apart, batch sizes, class counts, huge logits."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, m, c, scale=2.0):
    return rng.standard_normal((m, c)) * scale, rng.integers(0, c, size=m)


def _both(test, logits, labels, tag=""):
    test.call("cross_entropy", logits, labels, label=f"cross_entropy{tag}")
    test.call("cross_entropy_grad", logits, labels, label=f"cross_entropy_grad{tag}")


def _batch_is_mean_of_rows(observations):
    """observations: loss of the batch, then the loss of each row alone."""
    values = [o["result"] for o in observations]
    if not all(isinstance(v, (float, np.floating)) for v in values):
        return "cross_entropy should return a float"
    if not np.isclose(values[0], np.mean(values[1:]), rtol=1e-9, atol=1e-12):
        return "the loss of a batch is not the mean of its rows' losses"
    return None


def _grad_rows_sum_to_zero(observations):
    grad = observations[0]["result"]
    if not isinstance(grad, np.ndarray) or not np.all(np.isfinite(grad)):
        return "the gradient has NaN or inf (or is not an array)"
    if not np.allclose(grad.sum(axis=1), 0.0, atol=1e-12):
        return "each row of the gradient should sum to 0 (softmax sums to 1, the one-hot sums to 1)"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    first = Test("example: 2 samples, 3 classes", visible=True)
    _both(first, np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]), np.array([0, 2]))
    second = Test("example: 4 samples, 5 classes", visible=True)
    _both(second, *_case(example, 4, 5))

    hidden = []
    for m, c in [(1, 2), (1, 7), (3, 3), (6, 4), (16, 10), (5, 1)]:
        test = Test(f"batch of {m}, {c} classes")
        _both(test, *_case(rng, m, c))
        hidden.append(test)

    test = Test("the same label for every sample (one-hot indexing per row)")
    logits, _ = _case(rng, 5, 4)
    _both(test, logits, np.full(5, 2, dtype=np.int64))
    hidden.append(test)

    test = Test("huge logits (+-1e4): the loss stays finite")
    logits, labels = _case(rng, 4, 5, scale=1e4)
    _both(test, logits, labels)
    hidden.append(test)

    test = Test("confidently wrong: the right class 2e4 below the top (loss about 2e4)")
    logits = rng.standard_normal((3, 4))
    labels = rng.integers(0, 4, size=3)
    logits[np.arange(3), labels] -= 2e4
    _both(test, logits, labels)
    hidden.append(test)

    test = Test("confidently right: loss and gradient near 0, not NaN")
    logits = rng.standard_normal((3, 4))
    labels = rng.integers(0, 4, size=3)
    logits[np.arange(3), labels] += 1e3
    _both(test, logits, labels)
    hidden.append(test)

    test = Test("the loss of a batch is the mean of its rows' losses", compare=False, check=_batch_is_mean_of_rows)
    logits, labels = _case(rng, 4, 3)
    test.call("cross_entropy", logits, labels, label="batch")
    for row in range(4):
        test.call("cross_entropy", logits[row : row + 1], labels[row : row + 1], label=f"row {row}")
    hidden.append(test)

    test = Test("each gradient row sums to 0", compare=False, check=_grad_rows_sum_to_zero)
    test.call("cross_entropy_grad", *_case(rng, 7, 6, scale=100.0), label="cross_entropy_grad")
    hidden.append(test)
    return [first, second] + hidden
