import math

import numpy as np

erf = np.vectorize(math.erf, otypes=[np.float64])
C = math.sqrt(2.0 / math.pi)
K = 0.044715


def gelu(x, approximate="none"):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def gelu_grad(x, approximate="none"):
    cdf = 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x**2) / math.sqrt(2.0 * math.pi)
    return cdf + x * pdf
