"""Tests for numpy-feedforward-nn: construct with (x, y), set known weights, feedforward, backprop, read, repeat."""

import numpy as np

from quizzer.core.suite import Test

# The visible examples: literal numbers, so the prompt can show them.
EXAMPLE_X = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
EXAMPLE_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
EXAMPLE_W1 = np.array([[0.2, -0.5, 0.8, 0.1], [-0.4, 0.3, 0.6, -0.7], [0.5, 0.2, -0.3, 0.9]])
EXAMPLE_W2 = np.array([[0.6], [-0.8], [0.3], [0.5]])
ONE_X = np.array([[0.5, -1.5]])
ONE_Y = np.array([[1.0]])
ONE_W1 = np.array([[1.0, -0.5, 0.25, 0.0], [0.5, 0.75, -1.0, 0.3]])
ONE_W2 = np.array([[0.4], [0.1], [-0.6], [0.2]])


def _data(rng, m, n_features, scale=1.0):
    x = rng.standard_normal((m, n_features)) * scale
    y = rng.integers(0, 2, (m, 1)).astype(np.float64)
    return x, y, rng.standard_normal((n_features, 4)) * scale, rng.standard_normal((4, 1)) * scale


def _train(test, x, y, w1, w2, steps=1):
    """Construct, set the weights, then `steps` times: feedforward, read, backprop, read; finally feedforward again."""
    net = test.new("NeuralNetwork", x, y)
    test.set(net, weights1=w1.copy(), weights2=w2.copy())
    for step in range(1, steps + 1):
        when = "" if steps == 1 else f" {step}"
        test.method(net, "feedforward", observe=False)
        test.get(net, "layer1", "output", label=f"after feedforward{when}")
        test.method(net, "backprop", observe=False)
        test.get(net, "weights2", "weights1", label=f"after backprop{when}")  # output layer first
    test.method(net, "feedforward", observe=False)
    test.get(net, "output", label="after feedforward with the updated weights")
    return test


def _init_shapes(cases):
    def check(observations):
        for (m, n_features), observed in zip(cases, observations):
            for name, shape in {"weights1": (n_features, 4), "weights2": (4, 1)}.items():
                value = observed[name]
                got = getattr(value, "shape", None)
                if type(value) is not np.ndarray or got != shape:
                    what = f"shape {got}" if got is not None else type(value).__name__
                    return f"{name} after NeuralNetwork(x of shape ({m}, {n_features}), y): {what}, expected {shape}"
                if not (np.all(value >= 0) and np.all(value < 1)):
                    return f"{name} after NeuralNetwork(...): entries outside [0, 1)"
            output = observed["output"]
            if type(output) is not np.ndarray or output.shape != (m, 1) or np.any(output != 0):
                return f"output after NeuralNetwork(x of shape ({m}, {n_features}), y): expected zeros of shape ({m}, 1) before any forward pass"
        return None

    return check


def tests(rng):
    visible = [
        _train(Test("example: batch of 4, 3 features", visible=True), EXAMPLE_X, EXAMPLE_Y, EXAMPLE_W1, EXAMPLE_W2),
        _train(Test("example: batch of 1, 2 features", visible=True), ONE_X, ONE_Y, ONE_W1, ONE_W2),
    ]

    hidden = []
    cases = [(1, 1), (4, 3), (6, 5)]
    test = Test("__init__ makes weights1 (n_features, 4) and weights2 (4, 1)", compare=False, check=_init_shapes(cases))
    for m, n_features in cases:
        x, y, _, _ = _data(rng, m, n_features)
        test.get(test.new("NeuralNetwork", x, y), "weights1", "weights2", "output", label="after __init__")
    hidden.append(test)

    for m, n_features in [(1, 1), (1, 3), (5, 2), (8, 6), (3, 4)]:
        hidden.append(_train(Test(f"batch of {m}, {n_features} features"), *_data(rng, m, n_features)))
    hidden.append(_train(Test("four steps in a row (batch of 6, 3 features)"), *_data(rng, 6, 3), steps=4))
    hidden.append(_train(Test("large inputs and weights (saturated sigmoids, no NaN)"), *_data(rng, 5, 3, scale=20.0)))
    return visible + hidden
