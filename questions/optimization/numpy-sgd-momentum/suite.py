"""Tests for numpy-sgd-momentum: several steps with state carried over, checked against the reference.

Every step passes the parameters' current values and the gradients; the judge observes the parameter
list after the step (it must be updated in place) and, with momentum,
the buffers.
"""

import numpy as np

from quizzer.core.suite import Test

SHAPES = [(3, 4), (4,), (1, 1), (2, 3, 2)]


def _arrays(rng, shapes, scale=1.0):
    return [rng.standard_normal(shape) * scale for shape in shapes]


def _run(test, rng, shapes, steps, read_buffers=True, as_tuple=False, grad_scale=1.0, zero_grads_at=(), **hyper):
    """Construct SGD(**hyper), then `steps` times step(params, grads) observing params and buffers."""
    opt = test.new("SGD", hyper.pop("lr"), **hyper)
    for k in range(1, steps + 1):
        params = _arrays(rng, shapes)
        grads = [np.zeros(shape) for shape in shapes] if k in zero_grads_at else _arrays(rng, shapes, grad_scale)
        test.call(f"{opt.name}.step", tuple(params) if as_tuple else params, grads, observe=False, observe_args=(0,), label=f"step {k}")
        if read_buffers:
            test.get(opt, "buffers", label=f"after step {k}")
    return test


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _run(Test("example: momentum 0.9, two steps on one (2, 3) weight", visible=True), example, [(2, 3)], 2, lr=0.1, momentum=0.9),
        _run(
            Test("example: Nesterov 0.9 with weight decay 0.01, three steps on [W (3, 2), b (2,)]", visible=True),
            example, [(3, 2), (2,)], 3, lr=0.05, momentum=0.9, weight_decay=0.01, nesterov=True,
        ),
    ]
    hidden = [
        _run(Test("plain SGD (momentum 0), three steps, several shapes"), rng, SHAPES, 3, read_buffers=False, lr=0.1),
        _run(Test("plain SGD with weight decay 0.1"), rng, SHAPES, 2, read_buffers=False, lr=0.05, weight_decay=0.1),
        _run(Test("momentum 0.9, two steps: buffers after the second"), rng, SHAPES, 2, lr=0.1, momentum=0.9),
        _run(Test("first step: the buffer is the gradient itself"), rng, SHAPES, 1, lr=0.1, momentum=0.9),
        _run(Test("first step with dampening 0.5: the buffer is still the undamped gradient"), rng, SHAPES, 1, lr=0.1, momentum=0.9, dampening=0.5),
        _run(Test("momentum 0.9, five steps, several shapes"), rng, SHAPES, 5, lr=0.01, momentum=0.9),
        _run(Test("momentum 0.5 with dampening 0.3, four steps"), rng, SHAPES, 4, lr=0.2, momentum=0.5, dampening=0.3),
        _run(Test("momentum with weight decay 0.05 (decay goes into the gradient, before the buffer)"), rng, SHAPES, 3, lr=0.1, momentum=0.8, weight_decay=0.05),
        _run(Test("Nesterov 0.9, four steps"), rng, SHAPES, 4, lr=0.03, momentum=0.9, nesterov=True),
        _run(Test("Nesterov 0.7 with weight decay 0.1"), rng, [(5, 3), (3,)], 3, lr=0.1, momentum=0.7, weight_decay=0.1, nesterov=True),
        _run(Test("zero gradients, no weight decay: plain SGD leaves the parameters alone"), rng, SHAPES, 2, read_buffers=False, zero_grads_at=(1, 2), lr=0.1),
        _run(Test("zero gradient after a real one: momentum keeps moving the parameters"), rng, SHAPES, 3, zero_grads_at=(2, 3), lr=0.1, momentum=0.9),
        _run(Test("zero gradients with weight decay: the decay alone moves the parameters"), rng, SHAPES, 2, zero_grads_at=(1, 2), lr=0.1, momentum=0.9, weight_decay=0.1),
        _run(Test("huge gradients, tiny learning rate"), rng, [(4, 4)], 2, grad_scale=1e6, lr=1e-7, momentum=0.9),
        _run(Test("momentum 1.0 (no decay of the buffer), three steps"), rng, SHAPES, 3, lr=0.05, momentum=1.0),
        _run(Test("weight decay 1.0, plain and with momentum"), rng, SHAPES, 2, lr=0.05, momentum=0.5, weight_decay=1.0),
        _run(Test("weight decay 1.0 without momentum"), rng, SHAPES, 2, read_buffers=False, lr=0.05, weight_decay=1.0),
        _run(Test("tiny gradients"), rng, [(4, 4)], 2, grad_scale=1e-8, lr=0.5, momentum=0.9),
        _run(Test("params given as a tuple: each array must be updated in place"), rng, [(3, 2), (2,)], 2, as_tuple=True, lr=0.1, momentum=0.9),
    ]
    return visible + hidden
