import numpy as np


def layer_norm_backward(dy, x, normalized_shape, weight=None, bias=None, eps=1e-5):
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    k = len(normalized_shape)
    axes = tuple(range(x.ndim - k, x.ndim))
    lead = tuple(range(x.ndim - k))
    n = int(np.prod(normalized_shape))
    mu = x.mean(axis=axes, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=axes, keepdims=True)
    inv = 1.0 / (np.sqrt(var) + eps)
    xhat = (x - mu) * inv
    g = dy * weight if weight is not None else dy
    dx = inv / n * (n * g - g.sum(axis=axes, keepdims=True) - xhat * (g * xhat).sum(axis=axes, keepdims=True))
    dweight = (dy * xhat).sum(axis=lead) if weight is not None else None
    dbias = dy.sum(axis=lead) if bias is not None else None
    return dx, dweight, dbias
