import numpy as np

# pred, target: float64 arrays of the same shape (any number of dimensions). Losses are means over
# every element, returned as Python floats; gradients are d loss / d pred, shaped like pred.
# Do not modify the inputs.


def mse(pred, target):
    raise NotImplementedError


def mse_grad(pred, target):
    raise NotImplementedError


def huber(pred, target, delta=1.0):
    """torch.nn.HuberLoss: 0.5 d^2 where |d| < delta, delta * (|d| - 0.5 delta) elsewhere, d = pred - target."""
    raise NotImplementedError


def huber_grad(pred, target, delta=1.0):
    raise NotImplementedError
