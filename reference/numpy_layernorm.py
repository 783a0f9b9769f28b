"""Reference: layer normalization over the last axis, forward and backward (float64), as F.layer_norm."""

import numpy as np


def _normalize(x, eps):
    mean = x.mean(axis=-1, keepdims=True)
    # two-pass variance (np.var subtracts the mean first): E[x^2] - E[x]^2 cancels catastrophically
    inv_std = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + eps)
    return (x - mean) * inv_std, inv_std


def layernorm_forward(x, gamma, beta, eps=1e-5):
    """y = gamma * (x - mean) / sqrt(var + eps) + beta, statistics over the last axis of x (..., d)."""
    x_hat, _ = _normalize(np.asarray(x, dtype=np.float64), eps)
    return gamma * x_hat + beta


def layernorm_backward(dy, x, gamma, eps=1e-5):
    """(dx (..., d), dgamma (d,), dbeta (d,)) given dy = dL/dy; gamma and beta gradients sum over all leading axes."""
    x = np.asarray(x, dtype=np.float64)
    x_hat, inv_std = _normalize(x, eps)
    d = x.shape[-1]
    lead = tuple(range(x.ndim - 1))
    g = dy * gamma
    dx = inv_std / d * (d * g - g.sum(axis=-1, keepdims=True) - x_hat * np.sum(g * x_hat, axis=-1, keepdims=True))
    return dx, np.sum(dy * x_hat, axis=lead), np.sum(dy, axis=lead)
