"""Tests for numpy-rnn-bptt: forward alone, then the gradients, one step, many steps, loss on the last state."""

import numpy as np

from quizzer.core.suite import Test

GRADS = ("dWxh", "dWhh", "dbh", "dh0")


def _case(rng, T, m, n_x, n_h, scale=1.0, last_only=False):
    x = rng.standard_normal((T, m, n_x))
    h0 = rng.standard_normal((m, n_h))
    Wxh = rng.standard_normal((n_x, n_h)) * scale
    Whh = rng.standard_normal((n_h, n_h)) * scale
    bh = rng.standard_normal(n_h) * scale
    dhs = rng.standard_normal((T, m, n_h))
    if last_only:
        dhs[:-1] = 0.0
    return dhs, x, h0, Wxh, Whh, bh


def _both(test, case):
    dhs, *inputs = case
    test.call("rnn_forward", *inputs, label="rnn_forward (hs)")
    test.call("rnn_backward", dhs, *inputs, label="rnn_backward", names=GRADS)


def tests(rng):
    example = np.random.default_rng(0)
    visible = [Test("example: T=3, batch of 1, n_x=2, n_h=3", visible=True), Test("example: T=4, batch of 2, n_x=3, n_h=2", visible=True)]
    _both(visible[0], _case(example, 3, 1, 2, 3, scale=0.5))
    _both(visible[1], _case(example, 4, 2, 3, 2, scale=0.5))

    hidden = []
    test = Test("forward alone: T=5, batch of 3, n_x=4, n_h=2")
    dhs, *inputs = _case(rng, 5, 3, 4, 2)
    test.call("rnn_forward", *inputs, label="rnn_forward (hs)")
    hidden.append(test)

    cases = [
        ((1, 1, 1, 1, 1.0, False), "T=1 (no recurrence to backpropagate through), sizes 1"),
        ((1, 4, 3, 2, 1.0, False), "T=1, batch of 4"),
        ((5, 3, 2, 5, 0.5, False), "T=5, batch of 3, n_x=2, n_h=5"),
        ((6, 2, 5, 3, 0.5, True), "T=6, loss on the last state only (gradients reach early steps through Whh)"),
        ((20, 2, 3, 4, 0.4, True), "T=20, loss on the last state only"),
        ((4, 1, 4, 4, 3.0, False), "large weights (saturated tanh)"),
        ((3, 5, 6, 2, 1.0, False), "n_x > n_h, batch of 5"),
    ]
    for args, what in cases:
        test = Test(what)
        _both(test, _case(rng, *args))
        hidden.append(test)
    return visible + hidden
