"""Tests for numpy-adamw: several steps with state carried over, checked against the reference.

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
    """Construct AdamW(**hyper), then `steps` times step(params, grads) observing params, t, m and v."""
    opt = test.new("AdamW", **hyper)
    for k in range(1, steps + 1):
        params = _arrays(rng, shapes)
        grads = [np.zeros(shape) for shape in shapes] if k in zero_grads_at else _arrays(rng, shapes, grad_scale)
        test.call(f"{opt.name}.step", tuple(params) if as_tuple else params, grads, observe=False, observe_args=(0,), label=f"step {k}")
        test.get(opt, "t", label=f"after step {k}")
        test.get(opt, "m", label=f"after step {k}")
        test.get(opt, "v", label=f"after step {k}")
    return test


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _run(Test("example: default hyperparameters (weight decay 0.01), two steps on one (2, 3) weight", visible=True), example, [(2, 3)], 2),
        _run(
            Test("example: lr 0.01 and weight decay 0.1, three steps on [W (3, 2), b (2,)]", visible=True),
            example, [(3, 2), (2,)], 3, lr=0.01, weight_decay=0.1,
        ),
    ]
    hidden = [
        _run(Test("first step, default weight decay (0.01, as torch)"), rng, SHAPES, 1, lr=0.1),
        _run(Test("weight decay 0: AdamW is Adam"), rng, SHAPES, 3, lr=0.01, weight_decay=0.0),
        _run(Test("defaults, five steps, several shapes"), rng, SHAPES, 5),
        _run(Test("lr 0.05, weight decay 0.5, betas (0.8, 0.99), eps 1e-6"), rng, SHAPES, 4, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.5),
        _run(Test("large decay: lr 0.1, weight decay 2 (the weights shrink by 20% a step)"), rng, SHAPES, 3, lr=0.1, weight_decay=2.0),
        _run(Test("twenty steps: bias correction fades out"), rng, [(3, 3)], 20, lr=0.01, weight_decay=0.1),
        _run(Test("tiny gradients (1e-7): eps is added to sqrt(v_hat), outside the root"), rng, SHAPES, 3, grad_scale=1e-7, lr=0.01),
        _run(Test("huge gradients (1e6): the decay does not depend on the gradient's scale"), rng, SHAPES, 2, grad_scale=1e6, lr=0.01, weight_decay=0.1),
        _run(Test("zero gradients: only the decay moves the parameters, p *= 1 - lr * wd"), rng, SHAPES, 2, zero_grads_at=(1, 2), lr=0.1, weight_decay=0.1),
        _run(Test("zero gradients after real ones"), rng, SHAPES, 3, zero_grads_at=(2, 3), lr=0.1, weight_decay=0.05),
        _run(Test("params given as a tuple: each array must be updated in place"), rng, [(3, 2), (2,)], 2, as_tuple=True, lr=0.1),
    ]
    return visible + hidden
