"""Tests for numpy-focal-loss: reductions, alpha (0, negative, > 0.5), gamma (0, fractional, large), huge logits, no positives."""

import numpy as np

from quizzer.core.suite import Test


def _binary(rng, shape, positives=0.3):
    return (rng.random(shape) < positives).astype(np.float64)


def _loss(test, logits, targets, label="sigmoid_focal_loss", **kwargs):
    test.call("sigmoid_focal_loss", logits, targets, label=label, **kwargs)
    return test


def tests(rng):
    logits = np.array([2.0, -1.0, 0.5, -3.0])
    targets = np.array([1.0, 0.0, 0.0, 1.0])
    big = np.array([1000.0, 1000.0, -1000.0, -1000.0])
    visible = [
        _loss(Test("example: reduction='none'", visible=True), logits, targets, reduction="none"),
        _loss(Test("example: the default mean", visible=True), logits, targets),
        _loss(Test("example: gamma=0, alpha=-1 is plain BCE with logits", visible=True), logits, targets, alpha=-1.0, gamma=0.0),
        _loss(Test("example: logits of ±1000", visible=True), big, targets, reduction="none"),
    ]
    hidden = []

    def add(name, shape, scale=3.0, positives=0.3, **kwargs):
        hidden.append(_loss(Test(name), rng.standard_normal(shape) * scale, _binary(rng, shape, positives), **kwargs))

    add("defaults (alpha=0.25, gamma=2, mean) on 8 logits", (8,))
    add("detection-style (N, C) = (16, 5) with few positives, reduction='none'", (16, 5), positives=0.1, reduction="none")
    add("(N, C) = (12, 3), reduction='sum'", (12, 3), reduction="sum")
    add("a (2, 3, 4) array, mean over every element", (2, 3, 4))
    add("gamma=0: alpha-weighted BCE", (10,), gamma=0.0, reduction="none")
    add("gamma=0 and alpha=-1: plain BCE, mean", (6, 4), alpha=-1.0, gamma=0.0)
    add("alpha=0 keeps only the negatives", (9,), positives=0.5, alpha=0.0, reduction="none")
    add("alpha=-1 turns the weighting off, gamma=2", (5, 3), alpha=-1.0, reduction="none")
    add("alpha=0.9 with a fractional gamma=0.5", (7,), alpha=0.9, gamma=0.5, reduction="none")
    add("a large gamma=5", (6,), gamma=5.0, reduction="sum")
    add("no positives at all: the mean is still over every element", (4, 4), positives=0.0)
    add("every target positive", (5,), positives=1.0, alpha=0.75)
    add("a single element", (1,), reduction="none")
    add("logits around ±30: (1 - p_t) is tiny for the right answers", (10,), scale=30.0, reduction="none")

    x = np.array([1000.0, -1000.0, 1000.0, -1000.0, 0.0, 0.0, 40.0, -40.0])
    t = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    hidden.append(_loss(Test("huge logits, right and wrong, and exactly 0: no inf, no NaN"), x, t, reduction="none"))
    hidden.append(_loss(Test("huge logits, mean"), x, t, alpha=0.4, gamma=1.0))
    add("random alpha and gamma, reduction='none'", (3, 5), alpha=float(rng.uniform(0.05, 0.95)), gamma=float(rng.uniform(0.0, 4.0)), reduction="none")
    return visible + hidden
