"""Tests for numpy-adam: several steps with state carried over, checked against the reference.

Every step passes the parameters' current values and the gradients; the judge observes the parameter
list after each step (it must be updated in place) and `t`, `m`, `v`; the judge's own check holds
the gradients unchanged, during the step and after it.
"""

import numpy as np

from quizzer.core.suite import Test

SHAPES = [(3, 4), (4,), (1, 1), (2, 3, 2)]


def _arrays(rng, shapes, scale=1.0):
    return [rng.standard_normal(shape) * scale for shape in shapes]


def _run(test, rng, shapes, steps, as_tuple=False, grad_scale=1.0, zero_grads_at=(), **hyper):
    """Construct Adam(**hyper), then `steps` times step(params, grads) observing params, t, m and v."""
    opt = test.new("Adam", **hyper)
    for k in range(1, steps + 1):
        params = _arrays(rng, shapes)
        grads = [np.zeros(shape) for shape in shapes] if k in zero_grads_at else _arrays(rng, shapes, grad_scale)
        test.call(f"{opt.name}.step", tuple(params) if as_tuple else params, grads, observe=False, observe_args=(0,), label=f"step {k}")
        test.get(opt, "t", label=f"after step {k}")
        test.get(opt, "m", label=f"after step {k}")
        test.get(opt, "v", label=f"after step {k}")
    return test


def _sign_step(test, rng, lr):
    """The first step is lr * m_hat / (sqrt(v_hat) + eps) = lr * g / (|g| + eps): lr * sign(g), judged on
    the submission's own parameters (the judge knows what it passed in)."""
    before = _arrays(rng, SHAPES)
    grads = _arrays(rng, SHAPES)
    opt = test.new("Adam", lr=lr)
    test.call(f"{opt.name}.step", [p.copy() for p in before], grads, observe=False, observe_args=(0,), label="step 1")

    def check(observations):
        after = observations[0]["arg0"]
        for i, (p0, g, p1) in enumerate(zip(before, grads, after)):
            if type(p1) is not np.ndarray or p1.shape != p0.shape:
                return f"params[{i}] is not an array of shape {p0.shape} after step 1"
            moved = p1 - p0
            # eps = 1e-8 (the default) keeps the step at lr * |g| / (|g| + eps), a hair under lr.
            if not np.allclose(moved, -lr * g / (np.abs(g) + 1e-8), rtol=1e-9, atol=1e-12):
                return f"params[{i}] moved by up to {np.max(np.abs(moved)):.3g}; Adam's first step is lr * sign(g) = {lr:g} per coordinate"
        return None

    test.check = check
    return test


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _run(Test("example: default hyperparameters, two steps on one (2, 3) weight", visible=True), example, [(2, 3)], 2),
        _run(
            Test("example: lr 0.01 and weight decay 0.1 (L2), three steps on [W (3, 2), b (2,)]", visible=True),
            example, [(3, 2), (2,)], 3, lr=0.01, weight_decay=0.1,
        ),
    ]
    hidden = [
        _sign_step(Test("first step: bias correction makes the step lr * sign(g) in every coordinate"), rng, 0.1),
        _run(Test("first step, state after it"), rng, SHAPES, 1, lr=0.1),
        _run(Test("defaults, five steps, several shapes"), rng, SHAPES, 5),
        _run(Test("betas (0.8, 0.99), eps 1e-6, lr 0.05, four steps"), rng, SHAPES, 4, lr=0.05, betas=(0.8, 0.99), eps=1e-6),
        _run(Test("weight decay 0.05 is added to the gradient (coupled L2)"), rng, SHAPES, 3, lr=0.01, weight_decay=0.05),
        _run(Test("weight decay 1.0"), rng, SHAPES, 2, lr=0.01, weight_decay=1.0),
        _run(Test("twenty steps: bias correction fades out"), rng, [(3, 3)], 20, lr=0.01),
        _run(Test("tiny gradients (1e-7): eps is added to sqrt(v_hat), outside the root"), rng, SHAPES, 3, grad_scale=1e-7, lr=0.01),
        _run(Test("huge gradients (1e6): the step is still about lr"), rng, SHAPES, 2, grad_scale=1e6, lr=0.01),
        _run(Test("zero gradients on the first step: nothing moves, state stays zero"), rng, SHAPES, 1, zero_grads_at=(1,), lr=0.1),
        _run(Test("zero gradients after real ones: the first moment keeps moving the parameters"), rng, SHAPES, 3, zero_grads_at=(2, 3), lr=0.1),
        _run(Test("zero gradients with weight decay 0.1: the decay alone drives the update"), rng, SHAPES, 2, zero_grads_at=(1, 2), lr=0.1, weight_decay=0.1),
        _run(Test("params given as a tuple: each array must be updated in place"), rng, [(3, 2), (2,)], 2, as_tuple=True, lr=0.1),
    ]
    return visible + hidden
