import numpy as np


def maxpool2d_forward(x, kernel_size, stride=None):
    """2-D max pooling, no padding, as torch.nn.functional.max_pool2d.

    x: (N, C, H, W) float64. kernel_size, stride: an int or a pair (height, width);
    stride=None means stride = kernel_size. Returns (N, C, H_out, W_out) float64 with
    H_out = (H - kH) // stride_h + 1 and W_out likewise.
    """
    # TODO
    raise NotImplementedError


def maxpool2d_backward(dout, x, kernel_size, stride=None):
    """Gradient of the loss with respect to x, given dout = dL/d(output), shape (N, C, H_out, W_out).

    Each dout entry goes to the position of its window's maximum; on ties, the first
    maximum in row-major order within the window. Overlapping windows add up.
    Returns dx with the shape of x, float64. Do not modify the inputs.
    """
    # TODO
    raise NotImplementedError
