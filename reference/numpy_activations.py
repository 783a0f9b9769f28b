"""Reference: activations and their derivatives w.r.t. the pre-activation x, elementwise, float64.

Conventions follow torch's autograd: relu'(0) = 0, leaky_relu'(0) = slope,
GELU is the exact erf form (torch.nn.functional.gelu, approximate='none').
"""

import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])
_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def sigmoid(x):
    """1 / (1 + exp(-x)), evaluated so that exp never overflows."""
    x = np.asarray(x, dtype=np.float64)
    # exp(-|x|) is in (0, 1]: one formula per sign, both safe.
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def sigmoid_grad(x):
    """sigmoid'(x) = sigmoid(x) * (1 - sigmoid(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """Hyperbolic tangent."""
    return np.tanh(np.asarray(x, dtype=np.float64))


def tanh_grad(x):
    """tanh'(x) = 1 - tanh(x)^2."""
    return 1.0 - np.tanh(np.asarray(x, dtype=np.float64)) ** 2


def relu(x):
    """max(x, 0)."""
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def relu_grad(x):
    """1 where x > 0, else 0 (0 at x == 0, as torch)."""
    return (np.asarray(x) > 0).astype(np.float64)


def leaky_relu(x, slope=0.01):
    """x where x > 0, slope * x elsewhere."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, slope * x)


def leaky_relu_grad(x, slope=0.01):
    """1 where x > 0, slope elsewhere (slope at x == 0, as torch)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, float(slope))


def gelu(x):
    """Exact GELU: x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))."""
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * x * (1.0 + _erf(x * _INV_SQRT2))


def gelu_grad(x):
    """GELU'(x) = Phi(x) + x * phi(x), phi the standard normal density."""
    x = np.asarray(x, dtype=np.float64)
    cdf = 0.5 * (1.0 + _erf(x * _INV_SQRT2))
    pdf = np.exp(-0.5 * x * x) * _INV_SQRT_2PI
    return cdf + x * pdf
