import numpy as np


def batch_norm_backward(dy, x, weight, eps=1e-5):
    # statistics over the batch, as for (N, D) inputs
    w = weight.reshape((1, -1) + (1,) * (x.ndim - 2))
    mu = x.mean(axis=0, keepdims=True)
    var = x.var(axis=0, keepdims=True)
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv
    g = dy * w
    dx = inv * (g - g.mean(axis=0, keepdims=True) - xhat * (g * xhat).mean(axis=0, keepdims=True))
    axes = (0,) + tuple(range(2, x.ndim))
    return dx, (dy * xhat).sum(axis=axes), dy.sum(axis=axes)
