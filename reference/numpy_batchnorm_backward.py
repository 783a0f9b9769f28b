"""Reference: training-mode batch norm backward (as F.batch_norm(training=True)) for (N, C) and (N, C, *spatial) inputs, float64."""

import numpy as np


def batch_norm_backward(dy, x, weight, eps=1e-5):
    """(dx, dweight (C,), dbias (C,)) of y = F.batch_norm(x, None, None, weight, bias, training=True, eps=eps).

    x, dy: (N, C) or (N, C, L) or (N, C, H, W); each channel's statistics are over every axis but 1
    (the biased variance); dx includes the paths through the batch mean and variance.
    """
    axes = (0,) + tuple(range(2, x.ndim))
    per_channel = (1, x.shape[1]) + (1,) * (x.ndim - 2)  # weight broadcast along axis 1
    mean = x.mean(axis=axes, keepdims=True)
    # two-pass variance (np.var subtracts the mean first): E[x^2] - E[x]^2 cancels catastrophically
    inv_std = 1.0 / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    g = dy * weight.reshape(per_channel)  # dL/dx_hat
    # the two means are the paths through the batch mean and variance, which every value of the channel feeds
    dx = inv_std * (g - g.mean(axis=axes, keepdims=True) - x_hat * (g * x_hat).mean(axis=axes, keepdims=True))
    return dx, np.sum(dy * x_hat, axis=axes), np.sum(dy, axis=axes)
