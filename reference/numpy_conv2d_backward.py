"""Reference: gradients of a 2-D convolution (as torch.nn.functional.conv2d) w.r.t. input, weights and bias, float64."""

import numpy as np


def _pair(value):
    """An int or a pair of ints as a pair (height, width)."""
    if isinstance(value, (tuple, list)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def conv2d_backward(dy, x, W, stride=1, padding=0):
    """(dx, dW, db) of y = conv2d(x, W, b, stride, padding) given dy = dL/dy (N, C_out, H_out, W_out).

    x: (N, C_in, H, W_in); W: (C_out, C_in, kH, kW); stride and padding ints or (height, width) pairs.
    dx has the shape of x (the padding's gradient is dropped), dW that of W, db is (C_out,).
    """
    s_h, s_w = _pair(stride)
    p_h, p_w = _pair(padding)
    _, _, height, width = x.shape
    _, _, k_h, k_w = W.shape
    _, _, h_out, w_out = dy.shape
    padded = np.pad(x, ((0, 0), (0, 0), (p_h, p_h), (p_w, p_w)))
    dpadded = np.zeros_like(padded)
    dW = np.empty(W.shape)  # every entry is assigned below
    # Per kernel offset, the strided slice holds that offset's input pixel for every output position:
    # its weight gradient is a contraction with dy, and dy flows back into the same slice (+=, windows overlap).
    for i in range(k_h):
        for j in range(k_w):
            rows = slice(i, i + s_h * (h_out - 1) + 1, s_h)
            cols = slice(j, j + s_w * (w_out - 1) + 1, s_w)
            dW[:, :, i, j] = np.einsum("nohw,nchw->oc", dy, padded[:, :, rows, cols])
            dpadded[:, :, rows, cols] += np.einsum("nohw,oc->nchw", dy, W[:, :, i, j])
    dx = dpadded[:, :, p_h : p_h + height, p_w : p_w + width]
    return dx, dW, dy.sum(axis=(0, 2, 3))
