"""Tests for numpy-batchnorm: training forward, running statistics over several batches, eval, backward."""

import numpy as np

from quizzer.core.suite import Test

STATS = ("running_mean", "running_var")


def _layer(test, rng, d, *args):
    """A layer with random gamma and beta (so forgetting either shows)."""
    layer = test.new("BatchNorm1d", d, *args)
    test.set(layer, gamma=rng.standard_normal(d), beta=rng.standard_normal(d))
    return layer


def _batch(rng, m, d, scale=2.0, shift=1.0):
    return rng.standard_normal((m, d)) * scale + shift


def _train_then_backward(test, rng, layer, m, d, tag=""):
    x = _batch(rng, m, d)
    test.method(layer, "forward", x, True, label=f"forward(x, training=True){tag}")
    test.get(layer, *STATS, label=f"after forward(training=True){tag}")
    test.method(layer, "backward", rng.standard_normal((m, d)), label=f"backward(dy){tag}", names=("dx", "dgamma", "dbeta"))


def tests(rng):
    example = np.random.default_rng(0)
    first = Test("example: one training batch (m=4, d=3): output and running statistics", visible=True)
    layer = _layer(first, example, 3)
    first.method(layer, "forward", _batch(example, 4, 3), True, label="forward(x, training=True)")
    first.get(layer, *STATS, label="after forward(training=True)")
    second = Test("example: backward after a training forward (m=5, d=2)", visible=True)
    layer = _layer(second, example, 2)
    _train_then_backward(second, example, layer, 5, 2)

    hidden = []
    for m, d in [(2, 1), (2, 5), (7, 3), (16, 4), (3, 3)]:
        test = Test(f"training forward and backward, m={m}, d={d}")
        _train_then_backward(test, rng, _layer(test, rng, d), m, d)
        hidden.append(test)

    test = Test("running statistics over three batches, then eval uses them")
    layer = _layer(test, rng, 4)
    for step in range(3):
        test.method(layer, "forward", _batch(rng, 6, 4, scale=step + 1.0, shift=step), True, label=f"forward, training batch {step + 1}")
        test.get(layer, *STATS, label=f"after training batch {step + 1}")
    test.method(layer, "forward", _batch(rng, 3, 4), False, label="forward(x, training=False)")
    test.get(layer, *STATS, label="after the eval forward (must not change)")
    hidden.append(test)

    test = Test("train, then eval, then backward: backward is for the training batch")
    layer = _layer(test, rng, 3)
    x = _batch(rng, 4, 3)
    test.method(layer, "forward", x, True, label="forward(x, training=True)")
    test.method(layer, "forward", _batch(rng, 4, 3, scale=0.5, shift=-2.0), False, label="forward(x2, training=False)")
    test.method(layer, "backward", rng.standard_normal((4, 3)), label="backward(dy) after the eval forward", names=("dx", "dgamma", "dbeta"))
    hidden.append(test)

    test = Test("eval on a batch of one, after training")
    layer = _layer(test, rng, 4)
    test.method(layer, "forward", _batch(rng, 5, 4), True, label="forward(x, training=True)")
    test.method(layer, "forward", _batch(rng, 1, 4), False, label="forward(one row, training=False)")
    hidden.append(test)

    test = Test("gamma and beta as initialised (1 and 0), training forward and backward")
    layer = test.new("BatchNorm1d", 3)
    _train_then_backward(test, rng, layer, 5, 3)
    hidden.append(test)

    test = Test("eval before any training: running_mean 0, running_var 1")
    layer = _layer(test, rng, 3)
    test.method(layer, "forward", _batch(rng, 4, 3), False, label="forward(x, training=False)")
    hidden.append(test)

    test = Test("eps and momentum passed positionally (eps=1e-3, momentum=0.3)")
    layer = _layer(test, rng, 3, 1e-3, 0.3)
    for step in range(2):
        _train_then_backward(test, rng, layer, 5, 3, tag=f", batch {step + 1}")
    test.method(layer, "forward", _batch(rng, 2, 3), False, label="forward(x, training=False)")
    hidden.append(test)

    test = Test("a constant feature (zero batch variance): eps keeps it finite")
    layer = _layer(test, rng, 3)
    x = _batch(rng, 5, 3)
    x[:, 1] = 4.0
    test.method(layer, "forward", x, True, label="forward(x, training=True)")
    test.get(layer, *STATS, label="after forward(training=True)")
    test.method(layer, "backward", rng.standard_normal((5, 3)), label="backward(dy)", names=("dx", "dgamma", "dbeta"))
    hidden.append(test)

    test = Test("features with very different scales (1e-3 and 1e3)")
    layer = _layer(test, rng, 2)
    x = np.stack([rng.standard_normal(6) * 1e-3, rng.standard_normal(6) * 1e3 + 50.0], axis=1)
    test.method(layer, "forward", x, True, label="forward(x, training=True)")
    test.get(layer, *STATS, label="after forward(training=True)")
    test.method(layer, "backward", rng.standard_normal((6, 2)), label="backward(dy)", names=("dx", "dgamma", "dbeta"))
    hidden.append(test)
    return [first, second] + hidden
