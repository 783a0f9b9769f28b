import math

import numpy as np

# Every function takes a float64 array x of any shape (the pre-activation) and returns a float64
# array of the same shape, elementwise. *_grad(x) is the derivative d activation / d x evaluated at x.
# Do not modify x.


def sigmoid(x):
    raise NotImplementedError


def sigmoid_grad(x):
    raise NotImplementedError


def tanh(x):
    raise NotImplementedError


def tanh_grad(x):
    raise NotImplementedError


def relu(x):
    raise NotImplementedError


def relu_grad(x):
    """0 at x == 0, as torch."""
    raise NotImplementedError


def leaky_relu(x, slope=0.01):
    raise NotImplementedError


def leaky_relu_grad(x, slope=0.01):
    """slope at x == 0, as torch."""
    raise NotImplementedError


def gelu(x):
    """Exact GELU, x * Phi(x), with the erf (math.erf is allowed; NumPy has no erf)."""
    raise NotImplementedError


def gelu_grad(x):
    raise NotImplementedError
