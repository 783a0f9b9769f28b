import numpy as np


def conv2d_backward(dy, x, W, stride=1, padding=0):
    """Gradients of y = conv2d(x, W, b, stride, padding) (cross-correlation, as torch.nn.functional.conv2d).

    dy: (N, C_out, H_out, W_out) = dL/dy; x: (N, C_in, H, W_in) float64; W: (C_out, C_in, kH, kW).
    stride, padding: an int, or a pair (height, width); padding adds zeros on both sides.
    Returns (dx, dW, db): shaped like x, like W, and (C_out,), float64.
    Do not modify the inputs.
    """
    # TODO: pad x; for every window, add dy times the window into dW and dy times W into a padded dx;
    # crop the padding off dx; db sums dy over the batch and both spatial axes
    raise NotImplementedError
