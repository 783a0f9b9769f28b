"""Tests for torch-gradient-accumulation: weights, losses and gradients after each accumulated step.

Both sides build the given SmallNet, convert it to float64 and load the same known weights, then
call `step` with the same micro-batches, several times (the momentum buffer carries over). After
every call the judge reads the loss it returned, every parameter, and every `.grad` (which must be
cleared: None and zeros count alike). Sizes are fixed per test, so a weighting that is right only
for equal micro-batches fails the same tests on every seed.
"""

import numpy as np

from quizzer.core.suite import Test

PARAMETERS = ("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")


def _state(rng, in_features, hidden, classes):
    return {
        "fc1.weight": rng.standard_normal((hidden, in_features)) / np.sqrt(in_features) * 1.5,
        "fc1.bias": rng.standard_normal(hidden) * 0.3,
        "fc2.weight": rng.standard_normal((classes, hidden)) / np.sqrt(hidden) * 1.5,
        "fc2.bias": rng.standard_normal(classes) * 0.3,
    }


def _micro_batches(rng, sizes, in_features, classes):
    return [(rng.standard_normal((n, in_features)), rng.integers(0, classes, size=n)) for n in sizes]


def _run(name, rng, net_sizes, trainer_args, steps, visible=False):
    """A test: build, load, then one `step` per entry of `steps` (each a list of micro-batch sizes)."""
    test = Test(name, visible=visible)
    in_features, _, classes = net_sizes
    net = test.new("SmallNet", *net_sizes)
    test.method(net, "double", observe=False)
    test.method(net, "load_state_dict", _state(rng, *net_sizes), observe=False, as_tensors=True)
    trainer = test.new("AccumulatingTrainer", net, *trainer_args)
    for number, sizes in enumerate(steps, 1):
        batches = _micro_batches(rng, sizes, in_features, classes)
        test.method(trainer, "step", batches, label=f"loss returned by step {number} (micro-batches of {sizes})", as_tensors=True)
        for parameter in PARAMETERS:
            test.method(net, "get_parameter", parameter, label=f"{parameter} after step {number}")
        test.probe("gradients", net, label=f".grad of every parameter after step {number}")
    return test


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _run("example: one step from micro-batches of 2 and 2, lr 0.1, momentum 0.9", example, (3, 4, 2), (0.1, 0.9), [[2, 2]], visible=True),
        _run("example: one step from micro-batches of 3 and 1: each counts by its share of the samples", example, (3, 4, 2), (0.1, 0.9), [[3, 1]], visible=True),
    ]
    hidden = [
        _run("the defaults (lr 0.1, momentum 0.9, no weight decay), three steps of 3 equal micro-batches", rng, (6, 8, 3), (), [[4, 4, 4]] * 3),
        _run("an unequal last micro-batch: sizes 5, 5, 5, 2, three steps", rng, (6, 8, 3), (0.2, 0.9), [[5, 5, 5, 2]] * 3),
        _run("very unequal micro-batches: sizes 1 and 9", rng, (5, 6, 4), (0.3, 0.0), [[1, 9], [9, 1]]),
        _run("one micro-batch of 7 (nothing to accumulate)", rng, (5, 6, 3), (0.1, 0.5), [[7], [7]]),
        _run("micro-batches of one sample each", rng, (4, 5, 3), (0.1, 0.9), [[1, 1, 1, 1], [1, 1, 1, 1]]),
        _run("weight decay 0.05 without momentum: decayed once per step", rng, (6, 7, 3), (0.2, 0.0, 0.05), [[3, 5], [5, 3]]),
        _run("a different split on every step (2 micro-batches, then 3, then 1)", rng, (6, 8, 4), (0.15, 0.8, 0.01), [[4, 4], [2, 6, 1], [9]]),
    ]
    return visible + hidden
