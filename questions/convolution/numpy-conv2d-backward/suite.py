"""Tests for numpy-conv2d-backward: strides that overlap or skip pixels, paddings, pairs, non-square kernels, gradients apart."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("dx", "dW", "db")


def _out_size(size, kernel, stride, pad):
    return (size + 2 * pad - kernel) // stride + 1


def _pair(value):
    return (value, value) if isinstance(value, int) else value


def _case(rng, x_shape, w_shape, stride, padding):
    """x, W and a dy of the forward's output shape."""
    (s_h, s_w), (p_h, p_w) = _pair(stride), _pair(padding)
    h_out = _out_size(x_shape[2], w_shape[2], s_h, p_h)
    w_out = _out_size(x_shape[3], w_shape[3], s_w, p_w)
    dy = rng.standard_normal((x_shape[0], w_shape[0], h_out, w_out))
    return dy, rng.standard_normal(x_shape), rng.standard_normal(w_shape)


def _backward(test, case, stride, padding, label="conv2d_backward"):
    dy, x, W = case
    test.call("conv2d_backward", dy, x, W, stride, padding, label=label, names=NAMES)


def tests(rng):
    visible = []
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    W = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    for name, case, stride, padding in [
        ("example: x 4x4, 2x2 kernel, dy = 1, stride 1, padding 0", (np.ones((1, 1, 3, 3)), x, W), 1, 0),
        ("example: x 5x5, stride 2 (last row and column in no window)", (np.ones((1, 1, 2, 2)), np.arange(25.0).reshape(1, 1, 5, 5), W), 2, 0),
        ("example: x 4x4, stride 2, padding 1", (np.ones((1, 1, 3, 3)), x, W), 2, 1),
    ]:
        test = Test(name, visible=True)
        _backward(test, case, stride, padding)
        visible.append(test)
    test = Test("example: x (2, 3, 5, 6), W (4, 3, 3, 2), stride (2, 1), padding (1, 0)", visible=True)
    example = np.random.default_rng(0)
    x, W = example.standard_normal((2, 3, 5, 6)), example.standard_normal((4, 3, 3, 2))
    _backward(test, (example.standard_normal((2, 4, 3, 5)), x, W), (2, 1), (1, 0))
    visible.append(test)

    hidden = []
    shapes = [
        ((1, 1, 1, 1), (1, 1, 1, 1), 1, 0, "1x1 everything"),
        ((1, 1, 5, 5), (1, 1, 3, 3), 1, 0, "batch of one, stride 1, no padding (overlapping windows)"),
        ((2, 3, 7, 6), (4, 3, 3, 2), 1, 0, "non-square kernel 3x2, non-square input"),
        ((2, 3, 8, 7), (5, 3, 3, 3), 2, 1, "stride 2 with a 3x3 kernel (windows overlap), padding 1"),
        ((3, 2, 9, 5), (2, 2, 1, 4), 2, 1, "kernel 1x4, stride 2, padding 1"),
        ((1, 4, 6, 10), (3, 4, 5, 1), (2, 1), (1, 2), "stride (2, 1), padding (1, 2)"),
        ((2, 3, 7, 9), (2, 3, 2, 3), (1, 3), (2, 0), "stride (1, 3), padding (2, 0): no padding across"),
        ((2, 2, 4, 3), (3, 2, 4, 3), 1, 0, "kernel as large as the input (1x1 output)"),
        ((2, 3, 10, 9), (2, 3, 3, 3), 3, 2, "stride 3 that does not divide evenly, padding 2"),
        ((2, 1, 7, 8), (2, 1, 2, 2), 3, 0, "stride 3 larger than the 2x2 kernel: pixels skipped"),
        ((1, 2, 5, 5), (6, 2, 1, 1), 1, 1, "1x1 kernel with padding 1"),
        ((4, 1, 12, 11), (2, 1, 5, 3), 2, 2, "batch of 4, kernel 5x3"),
    ]
    for x_shape, w_shape, stride, padding, what in shapes:
        test = Test(f"{what}: x {x_shape}, W {w_shape}")
        _backward(test, _case(rng, x_shape, w_shape, stride, padding), stride, padding)
        hidden.append(test)

    test = Test("stride and padding left at their defaults (1 and 0)")
    dy, x, W = _case(rng, (2, 2, 5, 6), (3, 2, 2, 3), 1, 0)
    test.call("conv2d_backward", dy, x, W, label="conv2d_backward(dy, x, W)", names=NAMES)
    hidden.append(test)

    test = Test("dy nonzero at one output pixel only: one window's gradient")
    dy, x, W = _case(rng, (2, 2, 6, 6), (3, 2, 3, 3), 1, 1)
    dy = np.zeros_like(dy)
    dy[1, 2, 0, 5] = 1.5
    _backward(test, (dy, x, W), 1, 1, label="conv2d_backward, dy one-hot")
    hidden.append(test)
    return visible + hidden
