"""Reference: GELU, exact (erf) and tanh-approximate, and their derivatives, as torch.nn.functional.gelu, float64."""

import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])  # math.erf is exact to rounding; NumPy has no erf
_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_KAPPA = 0.044715


def gelu(x, approximate="none"):
    """x * Phi(x) (approximate='none'), or 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (approximate='tanh')."""
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(_SQRT_2_OVER_PI * (x + _KAPPA * x**3)))
    return 0.5 * x * (1.0 + _erf(x * _INV_SQRT2))


def gelu_grad(x, approximate="none"):
    """d gelu / dx elementwise: Phi(x) + x phi(x), or the derivative of the tanh form, as torch's autograd."""
    if approximate == "tanh":
        t = np.tanh(_SQRT_2_OVER_PI * (x + _KAPPA * x**3))
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * _SQRT_2_OVER_PI * (1.0 + 3.0 * _KAPPA * x * x)
    cdf = 0.5 * (1.0 + _erf(x * _INV_SQRT2))
    return cdf + x * np.exp(-0.5 * x * x) * _INV_SQRT_2PI
