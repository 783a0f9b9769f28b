"""Tests for numpy-mlp-train-step: loss alone (lr=0), one step at several sizes, dead units, huge logits."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, m, n_in, hidden, classes, scale=1.0):
    params = {
        "W1": rng.standard_normal((n_in, hidden)),
        "b1": rng.standard_normal(hidden) * 0.5,
        "W2": rng.standard_normal((hidden, classes)) * scale,
        "b2": rng.standard_normal(classes),
    }
    return params, rng.standard_normal((m, n_in)), rng.integers(0, classes, size=m)


def _step(test, case, lr):
    """One train_step; observe the returned loss and params after it.

    One call per test: arguments travel to the sandbox per step, so two calls never share a dict.
    """
    params, x, y = case
    test.call("train_step", params, x, y, lr, label="train_step (loss before the update)", observe_args=(0,))


def tests(rng):
    example = np.random.default_rng(0)
    first = Test("example: loss only (lr=0 leaves params unchanged), m=2, n_in=3, h=4, C=2", visible=True)
    params, x, y = _case(example, 2, 3, 4, 2)
    first.call("train_step", params, x, y, 0.0, label="loss", observe_args=(0,))
    second = Test("example: one step with lr=0.1, m=4, n_in=3, h=5, C=3", visible=True)
    _step(second, _case(example, 4, 3, 5, 3), 0.1)

    hidden = []
    for m, n_in, h, c in [(1, 2, 3, 2), (5, 4, 6, 3), (8, 3, 2, 5), (16, 6, 10, 4)]:
        test = Test(f"loss only (lr=0): m={m}, n_in={n_in}, h={h}, C={c}")
        _step(test, _case(rng, m, n_in, h, c), 0.0)
        hidden.append(test)
    for m, n_in, h, c, lr in [(1, 3, 4, 3, 0.5), (6, 4, 5, 2, 0.5), (10, 2, 7, 4, 0.05), (7, 3, 6, 3, 2.0)]:
        test = Test(f"one step, lr={lr}: m={m}, n_in={n_in}, h={h}, C={c}")
        _step(test, _case(rng, m, n_in, h, c), lr)
        hidden.append(test)

    test = Test("dead hidden units (pre-activation < 0 for every sample) get no update")
    params, x, y = _case(rng, 5, 3, 6, 3)
    params["b1"][:3] = -100.0
    _step(test, (params, x, y), 0.3)
    hidden.append(test)

    test = Test("pre-activations exactly 0 (a zero input row, zero b1): ReLU's derivative there is 0")
    params, x, y = _case(rng, 4, 3, 5, 3)
    params["b1"] = np.zeros(5)
    x[1] = 0.0
    _step(test, (params, x, y), 0.5)
    hidden.append(test)

    test = Test("huge logits (W2 scaled by 5000, logits in the thousands): a finite loss, no NaN in the update")
    params, x, y = _case(rng, 4, 3, 5, 3, scale=5000.0)
    params["b1"] = np.abs(params["b1"]) + 1.0  # hidden units on, so the logits really are huge
    _step(test, (params, x, y), 1e-4)
    hidden.append(test)
    return [first, second] + hidden
