"""Tests for torch-training-step: loss and weights after one, two and three steps, against a reference run.

Both sides build the same network, convert it to float64 (`.double()`), load
the same known weights, seed torch identically before each step (dropout), and
step. float64 because Adam divides each gradient entry by its own magnitude: in
float32, rounding differences between two correct runs (summation order,
alignment) in entries that nearly cancel became visible weight differences. Biases right before a
BatchNorm (`layers.k.bias`) are not judged: their true gradient is zero (batch
norm cancels any constant shift), so Adam turns rounding noise into lr-sized steps.
"""

import numpy as np

from quizzer.core.suite import Test


def _parameter_names(hidden_sizes):
    names = []
    for k in range(len(hidden_sizes)):
        names += [f"layers.{k}.weight", f"batch_norms.{k}.weight", f"batch_norms.{k}.bias"]
    return names + ["output_layer.weight", "output_layer.bias"]


def _state(rng, input_size, hidden_sizes, output_size, out_gain=1.0, gamma=(0.5, 1.5)):
    """A complete known state_dict, float64, for the interview notes' network.

    Batch norm makes the gradient norm nearly independent of the input's scale; the output
    layer's gain and the batch-norm scales set it instead (checked in tests/test_refs_seq.py).
    """
    state = {}
    sizes = [input_size, *hidden_sizes]
    for k, (size_in, size_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        state[f"layers.{k}.weight"] = rng.standard_normal((size_out, size_in)) * np.sqrt(2 / size_in)
        state[f"layers.{k}.bias"] = np.zeros(size_out)
        state[f"batch_norms.{k}.weight"] = rng.uniform(*gamma, size_out)
        state[f"batch_norms.{k}.bias"] = rng.standard_normal(size_out) * 0.1
        state[f"batch_norms.{k}.running_mean"] = np.zeros(size_out)
        state[f"batch_norms.{k}.running_var"] = np.ones(size_out)
    state["output_layer.weight"] = rng.standard_normal((output_size, sizes[-1])) * np.sqrt(2 / sizes[-1]) * out_gain
    state["output_layer.bias"] = np.zeros(output_size)
    for k in range(len(hidden_sizes)):
        state[f"batch_norms.{k}.num_batches_tracked"] = np.array(0, dtype=np.int64)
    return state


def _batch(rng, m, input_size, classes, scale):
    return rng.standard_normal((m, input_size)) * scale, rng.integers(0, classes, size=m)


def _setup(test, rng, sizes, dropout_rate, manager_args, **state):
    """The interview notes' network (dropout_rate left to its default when None) with known weights, and its manager."""
    test.seed(0)
    net = test.new("ModernNeuralNetwork", *sizes, *([] if dropout_rate is None else [dropout_rate]))
    test.method(net, "double", observe=False)
    test.method(net, "load_state_dict", _state(rng, *sizes, **state), observe=False, as_tensors=True)
    manager = test.new("TrainingManager", net, *manager_args)
    return net, manager


def _weights(test, net, hidden_sizes, when):
    for name in _parameter_names(hidden_sizes):
        test.method(net, "get_parameter", name, label=f"{name} {when}")


def _steps(test, rng, sizes, dropout_rate, manager_args, count, m=6, eval_first=False, **state):
    net, manager = _setup(test, rng, sizes, dropout_rate, manager_args, **state)
    if eval_first:
        test.method(net, "eval", observe=False)
    for step in range(1, count + 1):
        data, target = _batch(rng, m, sizes[0], sizes[2], 1.0)
        test.seed(int(rng.integers(1 << 30)))
        test.method(manager, "train_step", data, target, label=f"loss returned by train_step {step}", as_tensors=True)
        _weights(test, net, sizes[1], f"after step {step}")


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        Test("example: one step, lr 0.01, weight decay 1e-5, sizes 5 -> [8, 4] -> 3, no dropout", visible=True),
        Test("example: two steps with the interview notes' defaults (lr 0.001, weight decay 1e-5), dropout 0.5", visible=True),
    ]
    _steps(visible[0], example, (5, [8, 4], 3), 0.0, (0.01, 1e-5), 1)
    _steps(visible[1], example, (5, [8, 4], 3), None, (), 2)

    hidden = []
    test = Test("two steps, lr 0.05, weight decay 0.1 (L2 added to the clipped gradient), large logits: gradient norm > 1, clipping active")
    _steps(test, rng, (6, [10, 5], 4), 0.0, (0.05, 0.1), 2, out_gain=6.0)
    hidden.append(test)

    test = Test("three steps, lr 0.02, no weight decay, dropout 0.3")
    _steps(test, rng, (7, [9, 6], 3), 0.3, (0.02, 0.0), 3)
    hidden.append(test)

    test = Test("three steps, lr 0.01, weight decay 0.5, small output weights and batch-norm scales: gradient norm < 1, clipping leaves it alone")
    _steps(test, rng, (4, [6], 2), 0.0, (0.01, 0.5), 3, out_gain=0.05, gamma=(0.05, 0.1))
    hidden.append(test)

    test = Test("the model was left in eval mode: train_step must train in train mode")
    _steps(test, rng, (5, [8, 4], 3), 0.5, (0.01, 1e-5), 2, eval_first=True)
    hidden.append(test)

    test = Test("the interview notes' defaults over three steps, batch of 16, 5 classes")
    _steps(test, rng, (12, [16, 8], 5), None, (), 3, m=16)
    hidden.append(test)

    test = Test("three hidden layers, two steps")
    _steps(test, rng, (6, [8, 6, 5], 3), 0.2, (0.01, 1e-4), 2)
    hidden.append(test)

    test = Test("train_epoch over 3 (data, target) batches of 5, 2 and 7 returns the mean of the batch losses")
    sizes = (6, [8, 5], 3)
    net, manager = _setup(test, rng, sizes, 0.0, (0.02, 1e-4))
    batches = [_batch(rng, m, 6, 3, 1.0) for m in (5, 2, 7)]
    test.method(manager, "train_epoch", batches, label="train_epoch's mean loss", as_tensors=True)
    _weights(test, net, sizes[1], "after train_epoch")
    hidden.append(test)
    return visible + hidden
