"""Tests for torch-mixed-precision-step: loss, float32 weights and the GradScaler's state after every step.

Both sides build the given MLP (float32), load the same known weights and take the same steps; the
judge reads the loss returned, every parameter, and `trainer.scaler.state_dict()` (scale, growth
and backoff factors, growth interval, growth tracker). The same operations in the same order give
the same float16 roundings on both sides, so a tight tolerance holds; float16 against float32
arithmetic, or a scaled against an unscaled clip, differs by far more. The initial scales are
chosen so that some steps overflow float16 (range ends at 65504) and must be skipped, and others
let the scale grow.
"""

import numpy as np

from quizzer.core.suite import Test

PARAMETERS = ("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")


def _state(rng, in_features, hidden, classes, gain=1.0):
    state = {
        "fc1.weight": rng.standard_normal((hidden, in_features)) / np.sqrt(in_features) * gain,
        "fc1.bias": rng.standard_normal(hidden) * 0.1,
        "fc2.weight": rng.standard_normal((classes, hidden)) / np.sqrt(hidden) * gain,
        "fc2.bias": rng.standard_normal(classes) * 0.1,
    }
    return {name: value.astype(np.float32) for name, value in state.items()}


def _run(name, rng, sizes, trainer_args, steps, batch=8, x_scale=1.0, gain=1.0, visible=False):
    test = Test(name, visible=visible)
    in_features, _, classes = sizes
    net = test.new("MLP", *sizes)
    test.method(net, "load_state_dict", _state(rng, *sizes, gain=gain), observe=False, as_tensors=True)
    trainer = test.new("MixedPrecisionTrainer", net, *trainer_args)
    for step in range(1, steps + 1):
        data = (rng.standard_normal((batch, in_features)) * x_scale).astype(np.float32)
        target = rng.integers(0, classes, size=batch)
        test.method(trainer, "train_step", data, target, label=f"loss returned by step {step}", as_tensors=True)
        for parameter in PARAMETERS:
            test.method(net, "get_parameter", parameter, label=f"{parameter} after step {step}")
        test.method(trainer, "scaler.state_dict", label=f"scaler.state_dict() after step {step}")
    return test


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _run("example: two steps, lr 0.05, the default scale 65536 and growth interval 2000", example, (6, 8, 3), (0.05,), 2, visible=True),
        _run("example: init_scale 2**24 overflows float16: the steps are skipped and the scale halves", example, (6, 8, 3), (0.05, 2.0**24), 2, visible=True),
    ]
    hidden = [
        _run("the defaults (lr 0.01, scale 65536, growth interval 2000, max_norm 1.0), three steps", rng, (10, 16, 4), (), 3),
        _run("growth interval 2: the scale doubles after two clean steps, then halves on an overflow", rng, (10, 16, 4), (0.05, 65536.0, 2), 6),
        _run("init_scale 2**20: skipped until the scale fits, then the steps go through", rng, (10, 16, 4), (0.05, 2.0**20, 2000), 7),
        _run("a small scale (16) growing every clean step (growth interval 1)", rng, (10, 16, 4), (0.05, 16.0, 1), 5),
        _run("clipping active: large weights, max_norm 0.5 (clip the unscaled gradients)", rng, (10, 16, 4), (0.1, 1024.0, 2000, 0.5), 3, gain=3.0),
        _run("clipping inactive: max_norm 100", rng, (10, 16, 4), (0.1, 1024.0, 2000, 100.0), 3),
        _run("a batch of one", rng, (7, 12, 3), (0.05, 4096.0, 3), 4, batch=1),
        _run("inputs around 3000: the scaled gradients overflow at every scale tried", rng, (10, 16, 4), (0.05, 65536.0, 2000), 3, x_scale=3000.0, gain=3.0),
    ]
    return visible + hidden
