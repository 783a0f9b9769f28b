"""Tests for numpy-clip-grad-norm: the returned total norm and the gradients after clipping in place."""

import numpy as np

from quizzer.core.suite import Test

SHAPES = [(3, 4), (5,), (1, 1), (2, 3, 2)]


def _clip(test, grads, max_norm, label, **kwargs):
    options = "".join(f", {k}={v}" for k, v in kwargs.items())
    test.call("clip_grad_norm_", grads, max_norm, observe_args=(0,), label=f"{label} (max_norm={max_norm:g}{options})", **kwargs)
    return test


def _grads(rng, shapes=SHAPES, scale=1.0):
    return [rng.standard_normal(shape) * scale for shape in shapes]


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _clip(Test("example: one (2, 3) gradient with norm above max_norm is scaled down", visible=True), [example.standard_normal((2, 3)) * 3], 1.0, "clip_grad_norm_"),
        _clip(Test("example: [W (3, 2), b (2,)] with norm below max_norm is left alone", visible=True), [example.standard_normal((3, 2)), example.standard_normal((2,))], 10.0, "clip_grad_norm_"),
    ]
    hidden = [
        _clip(Test("several shapes, clipped"), _grads(rng), 1.0, "clip_grad_norm_"),
        _clip(Test("several shapes, not clipped"), _grads(rng), 100.0, "clip_grad_norm_"),
        _clip(
            Test("the norm is global: a small tensor beside a big one is scaled by the same factor"),
            [rng.standard_normal((10, 10)) * 5, rng.standard_normal((3,)) * 0.01], 2.0, "clip_grad_norm_",
        ),
        _clip(Test("total norm exactly max_norm: still scaled by max_norm / (total + 1e-6)"), [np.array([3.0]), np.array([[4.0]])], 5.0, "clip_grad_norm_"),
        _clip(Test("total norm just below max_norm: left alone"), [np.array([3.0, 0.0]), np.array([4.0])], 5.01, "clip_grad_norm_"),
        _clip(Test("norm_type 1"), _grads(rng), 2.0, "clip_grad_norm_", norm_type=1.0),
        _clip(Test("norm_type 3"), _grads(rng), 1.0, "clip_grad_norm_", norm_type=3.0),
        _clip(Test("norm_type inf: the largest absolute entry"), _grads(rng), 0.5, "clip_grad_norm_", norm_type=float("inf")),
        _clip(
            Test("norm_type inf: the largest magnitude is a negative entry"),
            [np.array([[0.5, -3.0], [1.0, 2.0]]), np.array([-0.25])], 1.0, "clip_grad_norm_", norm_type=float("inf"),
        ),
        _clip(Test("entries past 5 with the norm below max_norm: left alone"), [np.array([7.0, -6.0]), np.array([[12.0]])], 100.0, "clip_grad_norm_"),
        _clip(Test("entries still past 5 after scaling"), [np.array([30.0, -40.0]), np.array([[0.0]])], 10.0, "clip_grad_norm_"),
        _clip(Test("zero gradients: nothing to clip, the norm is 0"), [np.zeros(s) for s in SHAPES], 1.0, "clip_grad_norm_"),
        _clip(Test("a single (1, 1) gradient"), [rng.standard_normal((1, 1)) * 10], 1.0, "clip_grad_norm_"),
        _clip(Test("huge gradients (1e100)"), _grads(rng, scale=1e100), 1.0, "clip_grad_norm_"),
        _clip(Test("tiny gradients (1e-100): far below max_norm"), _grads(rng, scale=1e-100), 1.0, "clip_grad_norm_"),
        _clip(Test("tiny max_norm (1e-3)"), _grads(rng), 1e-3, "clip_grad_norm_"),
        _clip(Test("gradients given as a tuple: each array must be scaled in place"), tuple(_grads(rng, [(3, 2), (2,)])), 0.5, "clip_grad_norm_"),
    ]
    return visible + hidden
