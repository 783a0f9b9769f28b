"""Reference: layer norm backward over torch's normalized_shape (the last k axes), optional affine parameters, float64."""

import numpy as np


def layer_norm_backward(dy, x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """(dx, dweight, dbias) of y = F.layer_norm(x, normalized_shape, weight, bias, eps) given dy = dL/dy.

    normalized_shape: an int (the last axis) or a tuple (the last len(tuple) axes), as torch.nn.LayerNorm.
    weight, bias: arrays of shape normalized_shape, or None; a None parameter's gradient is None.
    dweight and dbias sum over every leading axis; dx includes the paths through the mean and the variance.
    """
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    leading = tuple(range(x.ndim - len(shape)))
    mean = x.mean(axis=axes, keepdims=True)
    # two-pass variance (np.var subtracts the mean first): E[x^2] - E[x]^2 cancels catastrophically
    inv_std = 1.0 / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    g = dy if weight is None else dy * weight  # dL/dx_hat
    # the two means are the paths through the mean and the variance of each normalized slice
    dx = inv_std * (g - g.mean(axis=axes, keepdims=True) - x_hat * (g * x_hat).mean(axis=axes, keepdims=True))
    dweight = None if weight is None else np.sum(dy * x_hat, axis=leading)
    dbias = None if bias is None else np.sum(dy, axis=leading)
    return dx, dweight, dbias
