import numpy as np


def batch_norm_backward(dy, x, weight, eps=1e-5):
    axes = (0,) + tuple(range(2, x.ndim))
    w = weight.reshape((1, -1) + (1,) * (x.ndim - 2))
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * inv
    g = dy * w
    dx = inv * (g - g.mean(axis=axes, keepdims=True) - xhat * (g * xhat).mean(axis=axes, keepdims=True))
    dweight = (dy * xhat).sum(axis=axes, keepdims=True)
    dbias = dy.sum(axis=axes, keepdims=True)
    return dx, dweight, dbias
