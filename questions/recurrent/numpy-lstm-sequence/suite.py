"""Tests for numpy-lstm-sequence: lengths, batches, saturation, state carried across calls."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("hs", "h_n", "c_n")


def _params(rng, n_x, n_h, scale=1.0):
    weights = [rng.standard_normal((n_h + n_x, n_h)) * scale for _ in range(4)]
    biases = [rng.standard_normal((1, n_h)) * scale for _ in range(4)]
    return [weights[0], biases[0], weights[1], biases[1], weights[2], biases[2], weights[3], biases[3]]


def _case(rng, T, m, n_x, n_h, scale=1.0):
    x = rng.standard_normal((T, m, n_x))
    h0 = rng.standard_normal((m, n_h))
    c0 = rng.standard_normal((m, n_h))
    return x, h0, c0, _params(rng, n_x, n_h, scale)


def _run(test, case, label="lstm_sequence"):
    test.call("lstm_sequence", *case, label=label, names=NAMES)


def _prefix_is_consistent(observations):
    """A prefix of the sequence gives a prefix of hs; h_n is always the last entry of hs."""
    hs, h_n, _ = observations[0]["result"]
    hs_a, h_a, c_a = observations[1]["result"]
    if not np.allclose(hs_a, hs[: len(hs_a)], rtol=1e-12, atol=1e-14):
        return "the first steps of hs change when later inputs are added"
    if not (np.array_equal(h_n, hs[-1]) and np.array_equal(h_a, hs_a[-1])):
        return "h_n is not the last hidden state hs[-1]"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    visible = [Test("example: T=3, batch of 1, n_x=3, n_h=5", visible=True), Test("example: T=4, batch of 2, n_x=2, n_h=3", visible=True)]
    _run(visible[0], _case(example, 3, 1, 3, 5))
    _run(visible[1], _case(example, 4, 2, 2, 3))

    hidden = []
    for T, m, n_x, n_h in [(1, 1, 1, 1), (1, 3, 4, 2), (6, 5, 3, 7), (12, 2, 6, 3), (3, 1, 9, 9)]:
        test = Test(f"T={T}, batch of {m}, n_x={n_x}, n_h={n_h}")
        _run(test, _case(rng, T, m, n_x, n_h))
        hidden.append(test)

    test = Test("a long sequence: T=40")
    _run(test, _case(rng, 40, 2, 3, 4, scale=0.5))
    hidden.append(test)

    test = Test("zero initial state")
    x, h0, c0, params = _case(rng, 5, 3, 2, 4)
    _run(test, (x, np.zeros_like(h0), np.zeros_like(c0), params))
    hidden.append(test)

    test = Test("large pre-activations (saturated gates, no overflow)")
    _run(test, _case(rng, 5, 2, 3, 4, scale=30.0))
    hidden.append(test)

    test = Test("huge pre-activations (exp would overflow: gates exactly 0 or 1)")
    _run(test, _case(rng, 3, 2, 2, 3, scale=400.0))
    hidden.append(test)

    test = Test("a prefix of the sequence gives a prefix of hs; h_n == hs[-1]", compare=False, check=_prefix_is_consistent)
    x, h0, c0, params = _case(rng, 7, 3, 2, 3)
    _run(test, (x, h0, c0, params), label="whole")
    _run(test, (x[:3], h0, c0, params), label="first 3 steps")
    hidden.append(test)
    return visible + hidden
