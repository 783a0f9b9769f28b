"""Tests for numpy-label-smoothing-ce: eps 0, 0.1, 1, ignored rows (-100 and a real class), all ignored, huge logits, K = 2."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("loss", "dlogits")


def _ce(test, logits, labels, *args, label="smoothed_cross_entropy", **kwargs):
    test.call("smoothed_cross_entropy", logits, labels, *args, label=label, names=NAMES, **kwargs)
    return test


def tests(rng):
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    visible = [
        _ce(Test("example: eps=0.1", visible=True), logits, np.array([0, 1]), 0.1),
        _ce(Test("example: eps=0 is plain cross-entropy", visible=True), logits, np.array([0, 1])),
        _ce(Test("example: row 1 ignored (-100)", visible=True), logits, np.array([0, -100]), 0.1),
        _ce(Test("example: every row ignored: nan and zero gradients", visible=True), logits, np.array([-100, -100]), 0.1),
    ]
    hidden = []

    def add(name, n, k, *args, scale=2.0, ignored=(), ignored_label=-100, **kwargs):
        labels = rng.integers(0, k, size=n)
        labels[list(ignored)] = ignored_label
        hidden.append(_ce(Test(name), rng.standard_normal((n, k)) * scale, labels, *args, **kwargs))

    add("eps=0.1, N=8, K=5", 8, 5, 0.1)
    add("eps=0: plain cross-entropy, N=6, K=4", 6, 4, 0.0)
    add("the default smoothing (0) with N=5, K=3", 5, 3)
    add("eps=1: the target is uniform", 4, 6, 1.0)
    add("eps=0.25 with K=2", 7, 2, 0.25)
    add("a single row, K=10, eps=0.2", 1, 10, 0.2)
    add("K=50 classes, eps=0.1", 12, 50, 0.1)
    add("rows 1 and 4 ignored (-100), eps=0.1", 6, 4, 0.1, ignored=(1, 4))
    add("every row but one ignored, eps=0.3", 5, 3, 0.3, ignored=(0, 1, 3, 4))
    add("ignore_index=0, a real class, as a padding token", 8, 4, 0.1, ignore_index=0, ignored=(2, 5), ignored_label=0)
    add("ignore_index=3 given, no row has it", 6, 5, 0.2, ignore_index=3, ignored=(), ignored_label=1)
    add("every row ignored, ignore_index=-1", 3, 4, 0.1, ignore_index=-1, ignored=(0, 1, 2), ignored_label=-1)

    big = rng.standard_normal((6, 5)) * 1e4
    labels = np.argmin(big, axis=1)  # the true class scores far below the best
    hidden.append(_ce(Test("logits ~ ±1e4, the true class far below the best: finite, exact"), big, labels, 0.1))
    big = rng.standard_normal((4, 3)) * 1e4 + 1e4
    hidden.append(_ce(Test("logits around +1e4 with one row ignored"), big, np.array([0, -100, 2, 1]), 0.1))
    hidden.append(_ce(Test("huge equal logits: every class equally likely"), np.full((3, 4), 5e3), np.array([0, 3, 1]), 0.1))
    eps = float(rng.uniform(0.0, 0.5))
    add(f"random eps={eps:.3f}, N=10, K=7, two ignored", 10, 7, eps, ignored=(3, 8))
    return visible + hidden
