import math

import numpy as np

erf = np.vectorize(math.erf, otypes=[np.float64])
C = math.sqrt(2.0 / math.pi)
K = 0.044715


def gelu(x, approximate="none"):
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(C * (x + K * x**3)))
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def gelu_grad(x, approximate="none"):
    if approximate == "tanh":
        t = np.tanh(C * (x + K * x**3))
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * C * (1.0 + 3.0 * K * x**2)
    cdf = 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x**2)
    return cdf + x * pdf
