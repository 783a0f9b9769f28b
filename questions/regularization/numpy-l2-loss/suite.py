"""Tests for numpy-l2-loss: the penalty and the gradients apart, several layers and lambdas, biases untouched."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, sizes, with_biases=True):
    params, grads = {}, {}
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{layer}"] = rng.standard_normal((n_in, n_out))
        grads[f"W{layer}"] = rng.standard_normal((n_in, n_out))
        if with_biases:
            params[f"b{layer}"] = rng.standard_normal(n_out)
            grads[f"b{layer}"] = rng.standard_normal(n_out)
    return params, grads, float(rng.uniform(0.1, 3.0))


def _both(test, case, lam):
    params, grads, data_loss = case
    test.call("l2_loss", params, data_loss, lam, label=f"l2_loss (lam={lam:g})")
    test.call("l2_grads", params, grads, lam, label=f"l2_grads (lam={lam:g})")


def tests(rng):
    params = {"W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([3.0, -1.0])}
    grads = {"W1": np.array([[0.1, 0.2], [0.3, 0.4]]), "b1": np.array([0.5, 0.5])}
    first = Test("example: one layer, lam = 0.1", visible=True)
    _both(first, (params, grads, 1.0), 0.1)
    second = Test("example: two layers (3 -> 4 -> 2), lam = 0.01", visible=True)
    _both(second, _case(np.random.default_rng(0), [3, 4, 2]), 0.01)

    hidden = []
    for sizes, lam in [([2, 3], 0.5), ([4, 5, 3], 1e-3), ([3, 6, 6, 2], 0.2), ([1, 1], 2.0), ([5, 2, 7], 1e-4)]:
        test = Test(f"layers {sizes}, lam={lam:g}")
        _both(test, _case(rng, sizes), lam)
        hidden.append(test)

    test = Test("lam = 0: the data loss and gradients unchanged")
    _both(test, _case(rng, [3, 4, 2]), 0.0)
    hidden.append(test)

    test = Test("weights only, no biases")
    _both(test, _case(rng, [4, 3, 2], with_biases=False), 0.3)
    hidden.append(test)

    test = Test("large biases: they must not be penalized")
    params, grads, data_loss = _case(rng, [3, 2])
    params["b1"] = params["b1"] * 100.0
    _both(test, (params, grads, data_loss), 0.1)
    hidden.append(test)
    return [first, second] + hidden
