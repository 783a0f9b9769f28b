"""Tests for numpy-simple-nn: set known weights, forward, backward, read the parameters, forward again."""

import numpy as np

from quizzer.core.suite import Test

PARAMS = ("W2", "b2", "W1", "b1")  # backprop order: a wrong output layer is named before the hidden one

# The visible examples: literal numbers, so the prompt can show them.
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
XOR_PARAMS = {
    "W1": np.array([[0.5, -0.3, 0.8, 0.1], [-0.6, 0.4, 0.2, -0.9]]),
    "b1": np.array([[0.1, -0.1, 0.0, 0.2]]),
    "W2": np.array([[0.7], [-0.5], [0.3], [0.9]]),
    "b2": np.array([[-0.2]]),
}
ONE_X = np.array([[1.0, -2.0, 0.5]])
ONE_Y = np.array([[1.0, 0.0]])
ONE_PARAMS = {
    "W1": np.array([[0.2, -0.4], [0.6, 0.1], [-0.3, 0.5]]),
    "b1": np.array([[0.05, -0.05]]),
    "W2": np.array([[1.0, -1.0], [0.5, 0.25]]),
    "b2": np.array([[0.1, 0.2]]),
}


def _params(rng, n_in, n_h, n_out, scale=1.0):
    shapes = {"W1": (n_in, n_h), "b1": (1, n_h), "W2": (n_h, n_out), "b2": (1, n_out)}
    return {name: rng.standard_normal(shape) * scale for name, shape in shapes.items()}


def _data(rng, m, n_in, n_out, scale=1.0):
    return rng.standard_normal((m, n_in)) * scale, rng.integers(0, 2, (m, n_out)).astype(np.float64)


def _train(test, X, y, params, steps=1, lr=None):
    """Construct, set the weights, then `steps` times: forward, backward, read the parameters; finally forward again."""
    n_in, n_h = params["W1"].shape
    net = test.new("SimpleNN", n_in, n_h, params["W2"].shape[1])
    test.set(net, **{name: value.copy() for name, value in params.items()})
    kwargs = {} if lr is None else {"learning_rate": lr}
    for step in range(1, steps + 1):
        when = "" if steps == 1 else f" {step}"
        test.method(net, "forward", X, label=f"forward(X) before backward{when}")
        test.method(net, "backward", X, y, observe=False, **kwargs)
        test.get(net, *PARAMS, label=f"after backward{when}")
    test.method(net, "forward", X, label="forward(X) after the update")
    return test


def _init_shapes(sizes):
    def check(observations):
        for (n_in, n_h, n_out), observed in zip(sizes, observations):
            want = {"W1": (n_in, n_h), "b1": (1, n_h), "W2": (n_h, n_out), "b2": (1, n_out)}
            for name, shape in want.items():
                value = observed[name]
                got = getattr(value, "shape", None)
                if type(value) is not np.ndarray or got != shape:
                    what = f"shape {got}" if got is not None else type(value).__name__
                    return f"{name} after SimpleNN({n_in}, {n_h}, {n_out}): {what}, expected {shape}"
                if not np.all(np.isfinite(value)):
                    return f"{name} after SimpleNN({n_in}, {n_h}, {n_out}): not finite"
                if name.startswith("b") and np.any(value != 0):
                    return f"{name} after SimpleNN({n_in}, {n_h}, {n_out}): biases start at zero"
                if name.startswith("W") and value.size > 1 and np.all(value == value.flat[0]):
                    return f"{name} after SimpleNN({n_in}, {n_h}, {n_out}): weights start random (equal weights never break the symmetry)"
                if name.startswith("W") and value.size >= 100 and np.std(value) > 0.5:  # unit-scale randn has std 1
                    return f"{name} after SimpleNN({n_in}, {n_h}, {n_out}): weights start as small random numbers (like randn * 0.01), std {np.std(value):.2f}"
        return None

    return check


def _batch_is_mean_of_rows(m):
    def check(observations):
        batch, rows = observations[0], observations[1:]
        for name in PARAMS:
            mean = np.mean([row[name] for row in rows], axis=0)
            if not np.allclose(batch[name], mean, rtol=1e-9, atol=1e-12):
                return f"{name}: the update from a batch of {m} is not the mean of the updates from its rows alone (is the gradient averaged over the m rows?)"
        return None

    return check


def tests(rng):
    visible = [
        _train(Test("example: XOR batch of 4, sizes 2-4-1, default learning_rate", visible=True), XOR_X, XOR_Y, XOR_PARAMS),
        _train(Test("example: batch of 1, sizes 3-2-2, learning_rate=0.5", visible=True), ONE_X, ONE_Y, ONE_PARAMS, lr=0.5),
    ]

    hidden = []
    sizes = [(1, 1, 1), (3, 5, 2), (4, 3, 1), (2, 7, 3), (20, 30, 10)]
    test = Test("__init__ makes W1 (in, hidden), b1 (1, hidden), W2 (hidden, out), b2 (1, out)", compare=False, check=_init_shapes(sizes))
    for n_in, n_h, n_out in sizes:
        test.get(test.new("SimpleNN", n_in, n_h, n_out), *PARAMS, label="after __init__")
    hidden.append(test)

    for m, n_in, n_h, n_out in [(1, 1, 1, 1), (1, 4, 2, 3), (6, 4, 3, 1), (5, 2, 7, 3), (10, 5, 5, 4), (3, 6, 2, 2)]:
        lr = float(rng.uniform(0.05, 1.5))
        X, y = _data(rng, m, n_in, n_out)
        hidden.append(_train(Test(f"batch of {m}, sizes {n_in}-{n_h}-{n_out}, learning_rate={lr:.3f}"), X, y, _params(rng, n_in, n_h, n_out), lr=lr))

    X, y = _data(rng, 7, 3, 2)
    hidden.append(_train(Test("default learning_rate is 0.1 (batch of 7, sizes 3-4-2)"), X, y, _params(rng, 3, 4, 2)))

    X, _ = _data(rng, 6, 4, 3)
    y = rng.uniform(0.0, 1.0, (6, 3))  # soft targets: the BCE gradient is still a2 - y
    hidden.append(_train(Test("soft targets in [0, 1] (batch of 6, sizes 4-5-3)"), X, y, _params(rng, 4, 5, 3), lr=0.4))

    X, y = _data(rng, 8, 3, 2)
    hidden.append(_train(Test("five steps in a row (batch of 8, sizes 3-4-2)"), X, y, _params(rng, 3, 4, 2), steps=5, lr=0.7))

    X, y = _data(rng, 5, 3, 2, scale=30.0)
    hidden.append(_train(Test("large inputs and weights (saturated sigmoids, no NaN)"), X, y, _params(rng, 3, 4, 2, scale=5.0), lr=0.3))
    X, y = _data(rng, 4, 3, 2, scale=40.0)
    hidden.append(_train(Test("huge inputs and weights (exp would overflow: activations exactly 0 or 1)"), X, y, _params(rng, 3, 4, 2, scale=40.0), lr=0.3))

    m, n_in, n_h, n_out = 4, 3, 5, 2
    X, y = _data(rng, m, n_in, n_out)
    params = _params(rng, n_in, n_h, n_out)
    test = Test(f"the update from a batch of {m} is the mean of its rows' updates", compare=False, check=_batch_is_mean_of_rows(m))
    for rows in [slice(0, m)] + [slice(i, i + 1) for i in range(m)]:
        net = test.new("SimpleNN", n_in, n_h, n_out)
        test.set(net, **{name: value.copy() for name, value in params.items()})
        test.method(net, "forward", X[rows], observe=False)
        test.method(net, "backward", X[rows], y[rows], observe=False, learning_rate=0.5)
        test.get(net, *PARAMS, label="after backward")
    hidden.append(test)
    return visible + hidden
