"""Reference: 2-D max pooling forward and backward (no padding), as torch.nn.functional.max_pool2d, float64."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _pair(value):
    """An int or a pair of ints as a pair (height, width)."""
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _windows(x, kernel_size, stride):
    """Every pooling window, shape (N, C, H_out, W_out, kH, kW) (a read-only view), and the stride pair."""
    k_h, k_w = _pair(kernel_size)
    s_h, s_w = _pair(kernel_size if stride is None else stride)
    windows = sliding_window_view(x, (k_h, k_w), axis=(2, 3))[:, :, ::s_h, ::s_w]
    return windows, (k_h, k_w), (s_h, s_w)


def maxpool2d_forward(x, kernel_size, stride=None):
    """Max over each kH x kW window of x (N, C, H, W); stride defaults to kernel_size; output (N, C, H_out, W_out)."""
    windows, _, _ = _windows(x, kernel_size, stride)
    return windows.max(axis=(-2, -1))


def maxpool2d_backward(dout, x, kernel_size, stride=None):
    """dx (N, C, H, W): each dout entry added to its window's argmax (the first maximum in row-major order)."""
    windows, (_, k_w), (s_h, s_w) = _windows(x, kernel_size, stride)
    n, c, h_out, w_out = windows.shape[:4]
    # argmax returns the first maximum of the flattened (row-major) window: torch's CPU tie rule.
    flat_index = windows.reshape(n, c, h_out, w_out, -1).argmax(axis=-1)
    p, q = np.divmod(flat_index, k_w)
    rows = np.arange(h_out).reshape(1, 1, h_out, 1) * s_h + p
    cols = np.arange(w_out).reshape(1, 1, 1, w_out) * s_w + q
    batch = np.arange(n).reshape(n, 1, 1, 1)
    channel = np.arange(c).reshape(1, c, 1, 1)
    dx = np.zeros_like(x, dtype=np.float64)
    # Overlapping windows (stride < kernel) can pick the same pixel: add.at accumulates repeats.
    np.add.at(dx, (batch, channel, rows, cols), dout)
    return dx
