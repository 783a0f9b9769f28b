import numpy as np


def mse(pred, target):
    d = pred - target
    return float(np.mean(d ** 2))


def mse_grad(pred, target):
    d = target - pred
    return 2 * d / d.size


def huber(pred, target, delta=1.0):
    d = pred - target
    a = np.abs(d)
    losses = np.where(a < delta, 0.5 * d ** 2, delta * (a - 0.5 * delta))
    return float(np.mean(losses))


def huber_grad(pred, target, delta=1.0):
    d = target - pred
    return np.where(np.abs(d) < delta, d, delta * np.sign(d)) / d.size
