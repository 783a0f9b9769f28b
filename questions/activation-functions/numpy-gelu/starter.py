import math

import numpy as np


def gelu(x, approximate="none"):
    """GELU elementwise: x * Phi(x) ('none'), or its tanh approximation ('tanh'), as torch.nn.functional.gelu."""
    # TODO: NumPy has no erf: vectorise math.erf
    raise NotImplementedError


def gelu_grad(x, approximate="none"):
    """d GELU / dx elementwise, for the form named by approximate."""
    # TODO: product rule (and, for 'tanh', the chain rule through the cubic)
    raise NotImplementedError
