import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    mu = np.mean(x, axis=0, keepdims=True)
    var = np.var(x, axis=0, keepdims=True)
    x_hat = (x - mu) / np.sqrt(var + eps)
    return gamma * x_hat + beta


def layernorm_backward(dy, x, gamma, eps=1e-5):
    d = x.shape[-1]
    mu = np.mean(x, axis=0, keepdims=True)
    var = np.var(x, axis=0, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    g = dy * gamma
    dx = inv_std / d * (d * g - np.sum(g, axis=-1, keepdims=True) - x_hat * np.sum(g * x_hat, axis=-1, keepdims=True))
    axes = tuple(range(x.ndim - 1))
    dgamma = np.sum(dy * x_hat, axis=axes)
    dbeta = np.sum(dy, axis=axes)
    return dx, dgamma, dbeta
