"""Tests for numpy-rmsprop: several steps with state carried over, checked against the reference.

Every step passes the parameters' current values and the gradients; the judge observes the parameter
list after each step (it must be updated in place) and the state (`square_avg`, and `momentum_buffer`
or `grad_avg` when they are in use).
"""

import numpy as np

from quizzer.core.suite import Test

SHAPES = [(3, 4), (4,), (1, 1), (2, 3, 2)]


def _arrays(rng, shapes, scale=1.0):
    return [rng.standard_normal(shape) * scale for shape in shapes]


def _run(test, rng, shapes, steps, as_tuple=False, grad_scale=1.0, zero_grads_at=(), **hyper):
    """Construct RMSprop(**hyper), then `steps` times step(params, grads) observing params and state."""
    opt = test.new("RMSprop", **hyper)
    state = ["square_avg"] + (["momentum_buffer"] if hyper.get("momentum", 0) > 0 else []) + (["grad_avg"] if hyper.get("centered") else [])
    for k in range(1, steps + 1):
        params = _arrays(rng, shapes)
        grads = [np.zeros(shape) for shape in shapes] if k in zero_grads_at else _arrays(rng, shapes, grad_scale)
        test.call(f"{opt.name}.step", tuple(params) if as_tuple else params, grads, observe=False, observe_args=(0,), label=f"step {k}")
        for name in state:
            test.get(opt, name, label=f"after step {k}")
    return test


def _first_step(test, rng, lr):
    """With square_avg starting at 0 and no bias correction, the first step is lr * g / (0.1 |g| + eps):
    about 10 * lr per coordinate (alpha = 0.99). Judged on the submission's own parameters."""
    before, grads = _arrays(rng, SHAPES), _arrays(rng, SHAPES)
    opt = test.new("RMSprop", lr=lr)
    test.call(f"{opt.name}.step", [p.copy() for p in before], grads, observe=False, observe_args=(0,), label="step 1")

    def check(observations):
        after = observations[0]["arg0"]
        for i, (p0, g, p1) in enumerate(zip(before, grads, after)):
            if type(p1) is not np.ndarray or p1.shape != p0.shape:
                return f"params[{i}] is not an array of shape {p0.shape} after step 1"
            if not np.allclose(p1 - p0, -lr * g / (np.sqrt(0.01) * np.abs(g) + 1e-8), rtol=1e-9, atol=1e-12):
                return f"params[{i}] moved by up to {np.max(np.abs(p1 - p0)):.3g}; the first step is lr * g / (sqrt(1 - alpha) |g| + eps), about {10 * lr:g}"
        return None

    test.check = check
    return test


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _run(Test("example: default hyperparameters, two steps on one (2, 3) weight", visible=True), example, [(2, 3)], 2),
        _run(
            Test("example: momentum 0.9, lr 0.001, three steps on [W (3, 2), b (2,)]", visible=True),
            example, [(3, 2), (2,)], 3, lr=0.001, momentum=0.9,
        ),
    ]
    hidden = [
        _first_step(Test("first step: no bias correction, so the step is about 10 * lr per coordinate"), rng, 0.01),
        _run(Test("defaults, five steps, several shapes"), rng, SHAPES, 5),
        _run(Test("alpha 0.9, eps 1e-6, lr 0.05"), rng, SHAPES, 4, lr=0.05, alpha=0.9, eps=1e-6),
        _run(Test("weight decay 1.0"), rng, SHAPES, 2, lr=0.01, weight_decay=1.0),
        _run(Test("momentum 0.5: the buffer starts at zero"), rng, SHAPES, 1, lr=0.01, momentum=0.5),
        _run(Test("momentum 0.9, four steps"), rng, SHAPES, 4, lr=0.001, momentum=0.9),
        _run(Test("centered, four steps"), rng, SHAPES, 4, lr=0.01, centered=True),
        _run(Test("centered with momentum 0.9 and alpha 0.9"), rng, SHAPES, 3, lr=0.01, alpha=0.9, momentum=0.9, centered=True),
        _run(Test("weight decay 0.1 is added to the gradient"), rng, SHAPES, 3, lr=0.01, weight_decay=0.1),
        _run(Test("weight decay 0.05 with momentum 0.9"), rng, SHAPES, 3, lr=0.01, weight_decay=0.05, momentum=0.9),
        _run(Test("tiny gradients (1e-7): eps is added to sqrt(square_avg), outside the root"), rng, SHAPES, 3, grad_scale=1e-7, lr=0.01),
        _run(Test("huge gradients (1e6)"), rng, SHAPES, 2, grad_scale=1e6, lr=0.01, momentum=0.9),
        _run(Test("zero gradients on the first step: nothing moves"), rng, SHAPES, 1, zero_grads_at=(1,), lr=0.01),
        _run(Test("zero gradients after real ones: momentum keeps moving the parameters"), rng, SHAPES, 3, zero_grads_at=(2, 3), lr=0.01, momentum=0.9),
        _run(Test("params given as a tuple: each array must be updated in place"), rng, [(3, 2), (2,)], 2, as_tuple=True, lr=0.01),
    ]
    return visible + hidden
