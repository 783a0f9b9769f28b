"""Tests for numpy-bce-logits: loss and gradient apart, shapes, soft targets, huge logits."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, shape, scale=3.0, soft=False):
    logits = rng.standard_normal(shape) * scale
    targets = rng.uniform(0.0, 1.0, size=shape) if soft else rng.integers(0, 2, size=shape).astype(np.float64)
    return logits, targets


def _both(test, logits, targets):
    test.call("bce_with_logits", logits, targets, label="bce_with_logits")
    test.call("bce_with_logits_grad", logits, targets, label="bce_with_logits_grad")


def _finite(observations):
    for observed in observations:
        if not np.all(np.isfinite(observed["result"])):
            return "NaN or inf for finite logits"
    return None


def tests(rng):
    first = Test("example: 4 logits, hard targets", visible=True)
    _both(first, np.array([2.0, -1.0, 0.0, 3.0]), np.array([1.0, 0.0, 1.0, 0.0]))
    second = Test("example: 3 x 2 logits, soft targets", visible=True)
    _both(second, *_case(np.random.default_rng(0), (3, 2), soft=True))

    hidden = []
    for shape in [(1,), (7,), (1, 5), (6, 3), (2, 3, 4)]:
        test = Test(f"shape {shape}, hard targets")
        _both(test, *_case(rng, shape))
        hidden.append(test)
    for shape in [(5,), (4, 4)]:
        test = Test(f"shape {shape}, soft targets in [0, 1]")
        _both(test, *_case(rng, shape, soft=True))
        hidden.append(test)

    test = Test("large logits (|x| from 20 to 60): confident right and wrong predictions")
    signs = rng.choice([-1.0, 1.0], size=(4, 5))
    _both(test, signs * rng.uniform(20.0, 60.0, size=(4, 5)), rng.integers(0, 2, size=(4, 5)).astype(np.float64))
    hidden.append(test)

    test = Test("huge logits (|x| up to 1e4): no overflow")
    logits = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(500.0, 1e4, size=(3, 4))
    _both(test, logits, rng.integers(0, 2, size=(3, 4)).astype(np.float64))
    hidden.append(test)

    test = Test("logits exactly 0: loss log 2 per element")
    _both(test, np.zeros((2, 3)), rng.integers(0, 2, size=(2, 3)).astype(np.float64))
    hidden.append(test)

    test = Test("no NaN or inf for logits from -1e4 to 1e4", compare=False, check=_finite)
    logits = np.linspace(-1e4, 1e4, 21)
    for target in (0.0, 1.0, 0.3):
        _both(test, logits, np.full(21, target))
    hidden.append(test)
    return [first, second] + hidden
