import numpy as np


def batch_norm_backward(dy, x, weight, eps=1e-5):
    C = x.shape[1]
    # channels last, then one row per value: (m, C)
    xt = np.moveaxis(x, 1, -1).reshape(-1, C)
    gt = np.moveaxis(dy, 1, -1).reshape(-1, C)
    m = xt.shape[0]
    mu = xt.mean(axis=0)
    var = (xt ** 2).mean(axis=0) - mu ** 2
    inv = 1.0 / np.sqrt(var + eps)
    xhat = (xt - mu) * inv
    dbias = gt.sum(axis=0)
    dweight = (gt * xhat).sum(axis=0)
    g = gt * weight
    dxt = inv / m * (m * g - g.sum(axis=0) - xhat * (g * xhat).sum(axis=0))
    shape = (x.shape[0],) + x.shape[2:] + (C,)
    dx = np.moveaxis(dxt.reshape(shape), -1, 1)
    return dx, dweight, dbias
