"""Tests for numpy-early-stopping: plateaus, exactly min_delta, both modes, NaN, negative metrics, after a stop, restore_best off.

Every test builds a stopper, reads its state, then calls step(metric, weights) with fresh weights each
epoch, reading best, wait and best_step after each call and restore() along the way.
"""

import numpy as np

from quizzer.core.suite import Test

SHAPES = {"W1": (3, 4), "b1": (4,), "W2": (4, 2)}


def _run(test, rng, metrics, *args, restore_every=1, **kwargs):
    stopper = test.new("EarlyStopping", *args, **kwargs)
    test.get(stopper, "best", "wait", "best_step", label="before any step")
    test.method(stopper, "restore", label="restore() before any step")
    for epoch, metric in enumerate(metrics, 1):
        weights = {name: rng.standard_normal(shape) for name, shape in SHAPES.items()}
        test.method(stopper, "step", float(metric), weights, label=f"step {epoch} (metric {metric})")
        test.get(stopper, "best", "wait", "best_step", label=f"after step {epoch}")
        if epoch % restore_every == 0 or epoch == len(metrics):
            test.method(stopper, "restore", label=f"restore() after step {epoch}")
    return test


def _walk(rng, n, start, drift, noise):
    return list(np.round(start + np.cumsum(drift + noise * rng.standard_normal(n)), 4))


def tests(rng):
    example = np.random.default_rng(0)
    nan = float("nan")
    visible = [
        _run(Test("example: patience 2, min_delta 0.01", visible=True), example, [0.9, 0.7, 0.695, 0.72, 0.71], 2, 0.01),
        _run(Test("example: mode 'max', patience 1, restore_best=False, a NaN", visible=True), example, [0.5, 0.6, 0.6, 0.7, nan], 1, mode="max", restore_best=False),
    ]
    hidden = [
        _run(Test("defaults (patience 5, min_delta 0, mode 'min'): a noisy loss curve"), rng, [1.0, 0.8, 0.7, 0.72, 0.69, 0.71, 0.7, 0.73, 0.695, 0.7, 0.74, 0.75]),
        _run(Test("a strictly decreasing loss never stops"), rng, [5.0, 4.0, 3.5, 3.0, 2.9, 2.85, 2.8], 2),
        _run(Test("a plateau at the same value: equal is no improvement"), rng, [1.0, 0.8, 0.8, 0.8, 0.8], 3),
        _run(Test("better by exactly min_delta is no improvement"), rng, [1.0, 0.75, 0.7499, 0.5, 0.4999, 0.25, 0.2499], 3, 0.25),
        _run(Test("improvements smaller than min_delta do not move best"), rng, [0.9, 0.7, 0.695, 0.69, 0.685, 0.68, 0.6, 0.599], 3, 0.01),
        _run(Test("mode 'max' with min_delta 0.01: accuracies"), rng, [0.5, 0.6, 0.605, 0.61, 0.611, 0.62, 0.7, 0.705, 0.71], 2, 0.01, "max"),
        _run(Test("mode 'max': equal is no improvement, exactly min_delta neither"), rng, [0.25, 0.5, 0.5, 0.75, 1.0, 1.0], 2, 0.25, "max"),
        _run(Test("NaN metrics do not reset patience"), rng, [1.0, 0.9, nan, nan, 0.95, 0.5], 2),
        _run(Test("a NaN first: no improvement, best stays inf"), rng, [nan, 1.0, 1.0], 1),
        _run(Test("after a stop the rules go on: an improvement resets wait"), rng, [1.0, 1.1, 1.2, 0.5, 0.6, 0.4, 0.45, 0.46], 1),
        _run(Test("restore_best=False: restore() stays None, best is still tracked"), rng, [3.0, 2.0, 2.5, 1.0, 1.5, 1.6], 2, 0.1, "min", False),
        _run(Test("negative losses (mode 'min')"), rng, [-1.0, -2.0, -1.5, -2.5, -2.4, -2.45], 2),
        _run(Test("negative rewards (mode 'max')"), rng, [-5.0, -3.0, -4.0, -2.0, -2.5, -2.1], 2, 0.0, "max"),
        _run(Test("patience 1 with min_delta 0.05 stops at the first non-improvement"), rng, [2.0, 1.9, 1.88, 1.7, 1.8], 1, 0.05),
        _run(Test("a large patience (10), restore() only at the end"), rng, _walk(rng, 14, 1.0, -0.02, 0.05), 10, restore_every=100),
    ]
    for k in range(3):
        mode = ("min", "max", "min")[k]
        drift = -0.01 if mode == "min" else 0.01
        metrics = _walk(rng, 20, 1.0, drift, 0.03)
        patience, min_delta = int(rng.integers(1, 5)), float(np.round(rng.uniform(0.0, 0.03), 3))
        test = Test(f"random curve {k + 1}: mode {mode!r}, patience {patience}, min_delta {min_delta}")
        hidden.append(_run(test, rng, metrics, patience, min_delta, mode))
    return visible + hidden
