import numpy as np

C = np.sqrt(2.0 / np.pi)
K = 0.044715


def gelu(x, approximate="none"):
    # the GELU formula everyone quotes (GPT-2's)
    return 0.5 * x * (1.0 + np.tanh(C * (x + K * x**3)))


def gelu_grad(x, approximate="none"):
    t = np.tanh(C * (x + K * x**3))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * C * (1.0 + 3.0 * K * x**2)
