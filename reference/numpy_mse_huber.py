"""Reference: MSE and Huber losses (mean over every element) and their gradients w.r.t. pred (float64).

Huber follows torch.nn.HuberLoss: 0.5 d^2 where |d| < delta, delta (|d| - delta / 2) elsewhere, d = pred - target.
"""

import numpy as np


def mse(pred, target):
    """mean((pred - target)^2) as a Python float."""
    d = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    return float(np.mean(d * d))


def mse_grad(pred, target):
    """d mse / d pred = 2 (pred - target) / N."""
    d = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    return 2.0 * d / d.size


def huber(pred, target, delta=1.0):
    """mean Huber loss as a Python float: quadratic inside |d| < delta, linear outside."""
    d = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    a = np.abs(d)
    return float(np.mean(np.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta))))


def huber_grad(pred, target, delta=1.0):
    """d huber / d pred = clip(d, -delta, delta) / N (the two branches meet at |d| == delta)."""
    d = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    return np.clip(d, -delta, delta) / d.size
