"""Tests for numpy-lstm-cell-backward: forward, then backward, with each upstream path isolated."""

import numpy as np

from quizzer.core.suite import Test

FORWARD = ("h_next", "c_next")
BACKWARD = ("dx", "dh_prev", "dc_prev", "dparams")


def _params(rng, n_x, n_h, scale=1.0):
    weights = [rng.standard_normal((n_h + n_x, n_h)) * scale for _ in range(4)]
    biases = [rng.standard_normal((1, n_h)) * scale for _ in range(4)]
    return [weights[0], biases[0], weights[1], biases[1], weights[2], biases[2], weights[3], biases[3]]


def _state(rng, m, n_x, n_h, scale=1.0):
    return rng.standard_normal((m, n_x)) * scale, rng.standard_normal((m, n_h)) * scale, rng.standard_normal((m, n_h)) * scale


def _round_trip(test, rng, m, n_x, n_h, scale=1.0, dh=True, dc=True):
    """Construct, forward, backward with random upstream gradients (zero where switched off)."""
    cell = test.new("LSTMCell", _params(rng, n_x, n_h, scale))
    x, h, c = _state(rng, m, n_x, n_h, scale)
    dh_next = rng.standard_normal((m, n_h)) if dh else np.zeros((m, n_h))
    dc_next = rng.standard_normal((m, n_h)) if dc else np.zeros((m, n_h))
    test.method(cell, "forward", x, h, c, label="forward", names=FORWARD)
    test.method(cell, "backward", dh_next, dc_next, label="backward", names=BACKWARD)


def tests(rng):
    example = np.random.default_rng(0)
    visible = [Test("example: batch of 1, n_x=3, n_h=5", visible=True), Test("example: batch of 4, n_x=2, n_h=3", visible=True)]
    _round_trip(visible[0], example, 1, 3, 5)
    _round_trip(visible[1], example, 4, 2, 3)

    hidden = []
    for m, n_x, n_h in [(1, 1, 1), (1, 4, 2), (5, 3, 7), (8, 6, 3), (2, 9, 9)]:
        test = Test(f"batch of {m}, n_x={n_x}, n_h={n_h}")
        _round_trip(test, rng, m, n_x, n_h)
        hidden.append(test)

    test = Test("loss on h_next only (dc_next = 0): c_next's gradient comes through h_next = o * tanh(c_next)")
    _round_trip(test, rng, 3, 2, 4, dc=False)
    hidden.append(test)
    test = Test("loss on c_next only (dh_next = 0): the output gate gets no gradient")
    _round_trip(test, rng, 3, 2, 4, dh=False)
    hidden.append(test)

    test = Test("large pre-activations (saturated gates)")
    _round_trip(test, rng, 4, 3, 5, scale=6.0)
    hidden.append(test)

    test = Test("huge pre-activations (exp would overflow: gates exactly 0 or 1)")
    _round_trip(test, rng, 3, 2, 4, scale=40.0)
    hidden.append(test)

    test = Test("n_x != n_h: dx is (m, n_x), dh_prev is (m, n_h)")
    _round_trip(test, rng, 3, 6, 2)
    hidden.append(test)

    test = Test("backward uses the most recent forward")
    cell = test.new("LSTMCell", _params(rng, 3, 4))
    for step in range(2):
        x, h, c = _state(rng, 2, 3, 4)
        test.method(cell, "forward", x, h, c, label=f"forward {step + 1}", names=FORWARD)
    test.method(cell, "backward", rng.standard_normal((2, 4)), rng.standard_normal((2, 4)), label="backward after the second forward", names=BACKWARD)
    hidden.append(test)
    return visible + hidden
