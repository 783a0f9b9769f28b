"""Tests for numpy-softmax-cross-entropy-backward: each of torch's options alone and together, ignored rows, huge logits, ties."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("loss", "dlogits")


def _labels(rng, m, classes, ignored=0, ignore_index=-100):
    """m labels in [0, classes), `ignored` of them (at random rows) set to ignore_index."""
    labels = rng.integers(0, classes, size=m)
    labels[rng.choice(m, size=ignored, replace=False)] = ignore_index
    return labels


def _call(test, logits, labels, label="softmax_cross_entropy", **options):
    test.call("softmax_cross_entropy", logits, labels, label=label, names=NAMES, **options)


def tests(rng):
    logits = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 3.0, -1.0]])
    labels = np.array([0, 2, 1])
    visible = []
    for name, args, options in [
        ("example: 3 rows, no options", (logits, labels), {}),
        ("example: the second row ignored (-100)", (logits, np.array([0, -100, 1])), {}),
        ("example: class weights and label_smoothing=0.1", (logits, labels), {"weight": np.array([1.0, 2.0, 0.5]), "label_smoothing": 0.1}),
        ("example: huge logits", (np.array([[1e4, -1e4, 0.0]]), np.array([1])), {}),
        ("example: every label ignored", (logits, np.full(3, -100)), {}),
    ]:
        test = Test(name, visible=True)
        _call(test, *args, **options)
        visible.append(test)

    hidden = []

    def add(what, logits, labels, **options):
        test = Test(what)
        where = ", ".join(f"{key}={value if np.isscalar(value) else '...'}" for key, value in options.items())
        _call(test, logits, labels, label=f"softmax_cross_entropy({where})" if where else "softmax_cross_entropy", **options)
        hidden.append(test)

    weight = rng.uniform(0.2, 3.0, size=5)
    add("one row, two classes", rng.standard_normal((1, 2)) * 3, np.array([1]))
    add("one class: the loss is 0", rng.standard_normal((4, 1)), np.zeros(4, dtype=np.int64))
    add("8 rows, 5 classes, no options", rng.standard_normal((8, 5)) * 3, _labels(rng, 8, 5))
    add("3 of 8 rows ignored (-100)", rng.standard_normal((8, 5)) * 3, _labels(rng, 8, 5, ignored=3))
    add("class weights", rng.standard_normal((8, 5)) * 3, _labels(rng, 8, 5), weight=weight)
    add("class weights, 2 of 8 rows ignored", rng.standard_normal((8, 5)) * 3, _labels(rng, 8, 5, ignored=2), weight=weight)
    add("label_smoothing 0.2", rng.standard_normal((6, 4)) * 3, _labels(rng, 6, 4), label_smoothing=0.2)
    add("label_smoothing 1.0 (the uniform target)", rng.standard_normal((5, 4)) * 2, _labels(rng, 5, 4), label_smoothing=1.0)
    add("label_smoothing 0.1, rows ignored", rng.standard_normal((6, 4)) * 3, _labels(rng, 6, 4, ignored=2), label_smoothing=0.1)
    add("weights, smoothing and ignored rows together", rng.standard_normal((8, 5)) * 3, _labels(rng, 8, 5, ignored=2), weight=weight, label_smoothing=0.3)
    labels = np.array([0, 3, 0, 1, 0, 2])
    add("ignore_index=0, a real class id", rng.standard_normal((6, 4)) * 3, labels, ignore_index=0)
    add("ignore_index=2, with weights and smoothing", rng.standard_normal((6, 4)) * 3, np.array([2, 3, 0, 2, 1, 1]), weight=weight[:4], ignore_index=2, label_smoothing=0.15)
    add("ties: all logits equal", np.zeros((3, 4)), np.array([1, 1, 3]), label_smoothing=0.2)
    huge = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 2e4], [5e3, 5e3, -5e3]])
    add("huge logits, the label 2e4 below the best", huge, np.array([1, 0, 2]))
    add("huge logits with weights and smoothing", huge, np.array([1, 0, 2]), weight=np.array([1.0, 2.0, 0.5]), label_smoothing=0.1)
    add("every label ignored, with smoothing: nan and zeros", rng.standard_normal((4, 3)), np.full(4, -100), label_smoothing=0.1)
    add("every label ignored (ignore_index=1): nan and zeros", rng.standard_normal((3, 3)), np.ones(3, dtype=np.int64), ignore_index=1)
    return visible + hidden
