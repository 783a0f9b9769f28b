import numpy as np


def layer_norm_backward(dy, x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Gradients of y = torch.nn.functional.layer_norm(x, normalized_shape, weight, bias, eps).

    normalized_shape: an int or a tuple; the statistics are over the last len(normalized_shape) axes.
    dy, x: float64 of the same shape; weight, bias: arrays shaped like normalized_shape, or None.
    Returns (dx, dweight, dbias): dx like x; dweight and dbias like normalized_shape, summed over
    every leading axis, or None when weight (bias) is None.
    Do not modify the inputs.
    """
    # TODO: find the normalized axes; recompute x_hat; dbias, dweight; dx with the mean and variance paths
    raise NotImplementedError
