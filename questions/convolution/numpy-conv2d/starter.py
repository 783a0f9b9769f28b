import numpy as np


def conv2d(x, W, b, stride=1, padding=0):
    """2-D convolution forward, as torch.nn.functional.conv2d (cross-correlation, no kernel flip).

    x: (N, C_in, H, W_in) float64; W: (C_out, C_in, kH, kW); b: (C_out,).
    stride, padding: an int, or a pair (height, width); padding adds zeros on both sides.
    Returns (N, C_out, H_out, W_out) float64 with
    H_out = (H + 2 * pad_h - kH) // stride_h + 1 and W_out likewise.
    Do not modify the inputs.
    """
    # TODO: pad x, slide the kernel with the stride, sum over C_in, kH, kW; add b per output channel
    raise NotImplementedError
