"""Tests for numpy-conv2d: shapes, strides, paddings, non-square kernels, bias alone, untouched inputs."""

import numpy as np

from quizzer.core.suite import Test


def _case(rng, x_shape, w_shape):
    return rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])


def _conv(test, case, stride, padding, label="conv2d"):
    x, W, b = case
    test.call("conv2d", x, W, b, stride, padding, label=label)


def _batch_equals_items(observations):
    whole = observations[0]["result"]
    for item, observed in enumerate(observations[1:]):
        if not np.allclose(observed["result"], whole[item : item + 1], rtol=1e-12, atol=1e-12):
            return f"batch item {item} run alone differs from the same item inside the batch"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        Test("example: x (1, 1, 4, 5), W (2, 1, 3, 3), stride 1, padding 0", visible=True),
        Test("example: x (2, 3, 6, 5), W (4, 3, 3, 2), stride 2, padding 1", visible=True),
    ]
    _conv(visible[0], _case(example, (1, 1, 4, 5), (2, 1, 3, 3)), 1, 0)
    _conv(visible[1], _case(example, (2, 3, 6, 5), (4, 3, 3, 2)), 2, 1)

    hidden = []
    shapes = [
        ((1, 1, 1, 1), (1, 1, 1, 1), 1, 0, "1x1 everything"),
        ((1, 1, 5, 5), (1, 1, 3, 3), 1, 0, "stride 1, no padding"),
        ((2, 3, 7, 6), (4, 3, 3, 2), 1, 0, "non-square kernel 3x2, non-square input"),
        ((2, 3, 8, 7), (5, 3, 3, 3), 2, 1, "stride 2, padding 1"),
        ((3, 2, 9, 5), (2, 2, 1, 4), 2, 1, "kernel 1x4, stride 2, padding 1"),
        ((1, 4, 6, 10), (3, 4, 5, 1), (2, 1), (1, 2), "stride (2, 1), padding (1, 2)"),
        ((2, 2, 4, 3), (3, 2, 4, 3), 1, 0, "kernel as large as the input (1x1 output)"),
        ((2, 3, 10, 9), (2, 3, 3, 3), 3, 2, "stride 3 that does not divide evenly, padding 2"),
        ((1, 2, 5, 5), (6, 2, 1, 1), 1, 1, "1x1 kernel with padding 1 (border is the bias)"),
        ((4, 1, 12, 11), (2, 1, 5, 3), 2, 2, "batch of 4, kernel 5x3"),
    ]
    for x_shape, w_shape, stride, padding, what in shapes:
        test = Test(f"{what}: x {x_shape}, W {w_shape}")
        _conv(test, _case(rng, x_shape, w_shape), stride, padding)
        hidden.append(test)

    test = Test("stride and padding left to their defaults (1 and 0)")
    x, W, b = _case(rng, (2, 2, 6, 5), (3, 2, 3, 2))
    test.call("conv2d", x, W, b, label="conv2d(x, W, b)")
    test.call("conv2d", x, W, b, 2, label="conv2d(x, W, b, 2)")
    hidden.append(test)

    test = Test("bias alone (zero weights): every output pixel of channel o is b[o]")
    x, W, b = _case(rng, (2, 3, 6, 7), (4, 3, 3, 3))
    _conv(test, (x, np.zeros_like(W), b), 2, 1, label="conv2d with W = 0")
    hidden.append(test)

    test = Test("weights alone (zero bias), stride 1, padding 1")
    x, W, b = _case(rng, (2, 2, 5, 6), (3, 2, 3, 2))
    _conv(test, (x, W, np.zeros_like(b)), 1, 1, label="conv2d with b = 0")
    hidden.append(test)

    test = Test("a batch equals its items run one by one", compare=False, check=_batch_equals_items)
    x, W, b = _case(rng, (3, 2, 7, 6), (2, 2, 3, 3))
    test.call("conv2d", x, W, b, 2, 1, label="batch")
    for item in range(3):
        test.call("conv2d", x[item : item + 1], W, b, 2, 1, label=f"item {item}")
    hidden.append(test)
    return visible + hidden
