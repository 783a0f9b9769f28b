"""Tests for numpy-maxpool: forward shapes, default stride, overlapping windows, ties, non-square kernels."""

import numpy as np

from quizzer.core.suite import Test


def _x(rng, shape, ties=False):
    """Random input; with ties, small integers so windows often hold several equal maxima."""
    if ties:
        return rng.integers(0, 3, size=shape).astype(np.float64)
    return rng.standard_normal(shape)


def _out_shape(shape, kernel, stride):
    k_h, k_w = (kernel, kernel) if isinstance(kernel, int) else kernel
    stride = kernel if stride is None else stride
    s_h, s_w = (stride, stride) if isinstance(stride, int) else stride
    return shape[0], shape[1], (shape[2] - k_h) // s_h + 1, (shape[3] - k_w) // s_w + 1


def _both(test, rng, shape, kernel, stride, ties=False):
    """Forward, then backward with a random upstream gradient."""
    x = _x(rng, shape, ties)
    dout = rng.standard_normal(_out_shape(shape, kernel, stride))
    test.call("maxpool2d_forward", x, kernel, stride, label="maxpool2d_forward")
    test.call("maxpool2d_backward", dout, x, kernel, stride, label="maxpool2d_backward (dx)")


def tests(rng):
    example = np.random.default_rng(0)
    visible = [Test("example: x (1, 1, 4, 4), kernel 2, default stride", visible=True), Test("example: x (2, 2, 5, 6), kernel (3, 2), stride 1 (overlapping)", visible=True)]
    _both(visible[0], example, (1, 1, 4, 4), 2, None)
    _both(visible[1], example, (2, 2, 5, 6), (3, 2), 1)

    hidden = []
    cases = [
        ((1, 1, 1, 1), 1, None, "1x1 input, kernel 1"),
        ((2, 3, 7, 6), 2, None, "odd height: the last row is dropped"),
        ((2, 2, 7, 8), (3, 2), (2, 1), "kernel (3, 2), stride (2, 1)"),
        ((1, 2, 6, 6), 3, 1, "kernel 3, stride 1 (overlapping windows)"),
        ((3, 1, 9, 10), (2, 3), None, "non-square kernel (2, 3), default stride"),
        ((2, 4, 8, 5), 2, 2, "stride given equal to the kernel"),
    ]
    for shape, kernel, stride, what in cases:
        test = Test(f"{what}: x {shape}")
        _both(test, rng, shape, kernel, stride)
        hidden.append(test)

    test = Test("forward alone, kernel 4x1, stride (1, 2)")
    test.call("maxpool2d_forward", _x(rng, (2, 3, 9, 7)), (4, 1), (1, 2), label="maxpool2d_forward")
    hidden.append(test)

    test = Test("ties, non-overlapping windows: the first maximum (row-major) gets the gradient")
    _both(test, rng, (2, 2, 6, 8), 2, None, ties=True)
    hidden.append(test)

    test = Test("ties, non-square kernel (2, 3): the first maximum (row-major) gets the gradient")
    _both(test, rng, (2, 2, 6, 9), (2, 3), None, ties=True)
    hidden.append(test)

    test = Test("ties and overlapping windows (kernel 2, stride 1): gradients add up")
    _both(test, rng, (2, 2, 6, 7), 2, 1, ties=True)
    hidden.append(test)

    test = Test("a window covering the whole input (kernel = input size)")
    _both(test, rng, (3, 2, 4, 5), (4, 5), None, ties=True)
    hidden.append(test)
    return visible + hidden
