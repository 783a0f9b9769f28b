"""Tests for torch-modern-network: structure, Kaiming statistics, eval and train forward, batch-norm running stats.

Weights after construction are random: they are judged by shape and statistics.
Forward passes are judged value for value after loading the same known state on
both sides (`load_state_dict`, strict: a different structure fails to load).
"""

import numpy as np

from quizzer.core.suite import Test


def _shapes(input_size, hidden_sizes, output_size):
    """{name: shape} of every parameter (True) and buffer (False) of the interview notes' structure."""
    shapes = {}
    sizes = [input_size, *hidden_sizes]
    for k, (size_in, size_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        shapes[f"layers.{k}.weight"] = ((size_out, size_in), True)
        shapes[f"layers.{k}.bias"] = ((size_out,), True)
        shapes[f"batch_norms.{k}.weight"] = ((size_out,), True)
        shapes[f"batch_norms.{k}.bias"] = ((size_out,), True)
        shapes[f"batch_norms.{k}.running_mean"] = ((size_out,), False)
        shapes[f"batch_norms.{k}.running_var"] = ((size_out,), False)
    shapes["output_layer.weight"] = ((output_size, hidden_sizes[-1]), True)
    shapes["output_layer.bias"] = ((output_size,), True)
    return shapes


def _state(rng, input_size, hidden_sizes, output_size):
    """A complete known state_dict (float32; running variances positive; no batches seen yet)."""
    state = {}
    for name, (shape, _) in _shapes(input_size, hidden_sizes, output_size).items():
        if name.endswith("running_var"):
            value = rng.uniform(0.5, 2.0, size=shape)
        elif name.startswith("batch_norms") and name.endswith(".weight"):
            value = rng.uniform(0.5, 1.5, size=shape)
        else:
            value = rng.standard_normal(shape) * (0.5 if name.endswith("weight") else 0.2)
        state[name] = value.astype(np.float32)
    for k in range(len(hidden_sizes)):
        state[f"batch_norms.{k}.num_batches_tracked"] = np.array(0, dtype=np.int64)
    return state


def _known(test, rng, sizes, dropout_rate=None, seed=0):
    """Construct under a torch seed (dropout_rate left to its default when None) and load a known state."""
    test.seed(seed)
    net = test.new("ModernNeuralNetwork", *sizes, *([] if dropout_rate is None else [dropout_rate]))
    state = _state(rng, *sizes)
    test.method(net, "load_state_dict", state, observe=False, as_tensors=True)
    return net


def _x(rng, m, input_size, scale=1.0):
    return (rng.standard_normal((m, input_size)) * scale).astype(np.float32)


def _eval_forward(test, net, x, label):
    test.method(net, "eval", observe=False)
    test.method(net, "forward", x, label=label, as_tensors=True)


def _running_stats(test, net, hidden_sizes, when):
    for k in range(len(hidden_sizes)):
        for buffer in ("running_mean", "running_var", "num_batches_tracked"):
            test.method(net, "get_buffer", f"batch_norms.{k}.{buffer}", label=f"batch_norms.{k}.{buffer} {when}")


def _structure_check(sizes):
    """Every parameter has its shape and dtype float32; the total matches the interview notes' count."""
    expected = [(name, shape) for name, (shape, is_parameter) in _shapes(*sizes).items() if is_parameter]
    total = sum(int(np.prod(shape)) for _, shape in expected)

    def check(observations):
        count = 0
        for (name, shape), observed in zip(expected, observations):
            array = observed["result"].array
            if array.shape != shape:
                return f"{name} has shape {array.shape}, expected {shape}"
            if array.dtype != np.float32:
                return f"{name} has dtype {array.dtype}, expected float32 (torch's default)"
            count += array.size
        if count != total:
            return f"{count} parameters, expected {total}"
        return None

    return check


def _kaiming_check(layers):
    """Weights ~ N(0, 2 / fan_in) (mean, std within 3 %, normal not uniform by kurtosis); biases exactly 0."""

    def check(observations):
        for index, (name, fan_in) in enumerate(layers):
            weight = observations[2 * index]["result"].array.astype(np.float64).ravel()
            bias = observations[2 * index + 1]["result"].array
            want = np.sqrt(2.0 / fan_in)
            std = weight.std()
            if abs(weight.mean()) > 5 * want / np.sqrt(weight.size):
                return f"{name}.weight has mean {weight.mean():.2e}, expected 0"
            if abs(std / want - 1) > 0.03:
                return f"{name}.weight has std {std:.4f}, expected sqrt(2 / fan_in) = {want:.4f} (Kaiming normal, fan_in)"
            excess_kurtosis = np.mean((weight - weight.mean()) ** 4) / std**4 - 3
            if abs(excess_kurtosis) > 0.3:
                return f"{name}.weight does not look normally distributed (excess kurtosis {excess_kurtosis:.2f}; a uniform has -1.2)"
            if np.any(bias != 0):
                return f"{name}.bias is not all zeros"
        return None

    return check


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        Test("example: eval-mode forward of a batch of 3, sizes 5 -> [4, 3] -> 2, known weights", visible=True),
        Test("example: train-mode forward (dropout 0.5, torch seed 1), then the running statistics", visible=True),
    ]
    net = _known(visible[0], example, (5, [4, 3], 2))
    _eval_forward(visible[0], net, _x(example, 3, 5), "forward in eval mode")
    net = _known(visible[1], example, (5, [4, 3], 2))
    visible[1].method(net, "train", observe=False)
    visible[1].seed(1)
    visible[1].method(net, "forward", _x(example, 4, 5), label="forward in train mode", as_tensors=True)
    _running_stats(visible[1], net, [4, 3], "after one train-mode forward")

    hidden = []
    sizes = (784, [512, 256, 128], 10)
    test = Test("structure of the interview notes' network 784 -> [512, 256, 128] -> 10: shapes, dtype, parameter count", compare=False, check=_structure_check(sizes))
    test.seed(int(rng.integers(1 << 30)))
    net = test.new("ModernNeuralNetwork", *sizes, 0.5)
    for name, (shape, is_parameter) in _shapes(*sizes).items():
        if is_parameter:
            test.method(net, "get_parameter", name, label=name)
    hidden.append(test)

    sizes = (1000, [600, 300], 200)
    layers = [("layers.0", 1000), ("layers.1", 600), ("output_layer", 300)]
    test = Test("Kaiming normal initialization (fan_in, ReLU gain) and zero biases", compare=False, check=_kaiming_check(layers))
    test.seed(int(rng.integers(1 << 30)))
    net = test.new("ModernNeuralNetwork", *sizes, 0.5)
    for name, _ in layers:
        test.method(net, "get_parameter", f"{name}.weight", label=f"{name}.weight")
        test.method(net, "get_parameter", f"{name}.bias", label=f"{name}.bias")
    hidden.append(test)

    for sizes, m in [((10, [8], 3), 6), ((6, [5, 4, 3], 2), 5), ((12, [16, 8], 4), 1)]:
        test = Test(f"eval-mode forward: sizes {sizes[0]} -> {sizes[1]} -> {sizes[2]}, batch of {m}")
        net = _known(test, rng, sizes)
        _eval_forward(test, net, _x(rng, m, sizes[0]), "forward in eval mode")
        hidden.append(test)

    test = Test("eval mode is deterministic: no dropout, running statistics only")
    net = _known(test, rng, (8, [6, 5], 3), dropout_rate=0.7)
    x = _x(rng, 4, 8)
    _eval_forward(test, net, x, "forward in eval mode")
    test.seed(123)
    test.method(net, "forward", x, label="forward in eval mode again, after reseeding", as_tensors=True)
    hidden.append(test)

    for rate in (0.2, 0.0, 0.9, None):
        test = Test(f"train-mode forward with dropout_rate={rate if rate is not None else 'left to its default of 0.5'} (same torch seed on both sides)")
        net = _known(test, rng, (7, [9, 6], 3), dropout_rate=rate)
        test.method(net, "train", observe=False)
        test.seed(int(rng.integers(1 << 30)))
        test.method(net, "forward", _x(rng, 8, 7), label="forward in train mode", as_tensors=True)
        hidden.append(test)

    test = Test("train mode updates the batch-norm running statistics; eval then uses them")
    net = _known(test, rng, (6, [5, 4], 2), dropout_rate=0.3)
    test.method(net, "train", observe=False)
    for step in range(2):
        test.seed(int(rng.integers(1 << 30)))
        test.method(net, "forward", _x(rng, 6, 6, scale=3.0), label=f"train-mode forward {step + 1}", as_tensors=True)
    _running_stats(test, net, [5, 4], "after two train-mode forwards")
    _eval_forward(test, net, _x(rng, 3, 6), "forward in eval mode with the updated statistics")
    hidden.append(test)
    return visible + hidden
