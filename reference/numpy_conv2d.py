"""Reference: 2-D convolution forward (cross-correlation, as torch.nn.functional.conv2d), float64."""

import numpy as np


def _pair(value):
    """An int or a pair of ints as a pair (height, width)."""
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def conv2d(x, W, b, stride=1, padding=0):
    """Output (N, C_out, H_out, W_out) of x (N, C_in, H, W) with weights W (C_out, C_in, kH, kW), bias b (C_out,).

    stride and padding are ints or (height, width) pairs; padding adds zeros on both sides.
    H_out = (H + 2 * pad_h - kH) // stride_h + 1, and likewise for the width.
    """
    s_h, s_w = _pair(stride)
    p_h, p_w = _pair(padding)
    n, _, height, width = x.shape
    c_out, _, k_h, k_w = W.shape
    h_out = (height + 2 * p_h - k_h) // s_h + 1
    w_out = (width + 2 * p_w - k_w) // s_w + 1
    padded = np.pad(x, ((0, 0), (0, 0), (p_h, p_h), (p_w, p_w)))
    out = np.zeros((n, c_out, h_out, w_out))
    # One pass per kernel offset: the strided slice holds that offset's input pixel for every output position.
    for i in range(k_h):
        for j in range(k_w):
            window = padded[:, :, i : i + s_h * (h_out - 1) + 1 : s_h, j : j + s_w * (w_out - 1) + 1 : s_w]
            out += np.einsum("nchw,oc->nohw", window, W[:, :, i, j])
    return out + b.reshape(1, c_out, 1, 1)
