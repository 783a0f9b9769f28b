import numpy as np


def dropout_forward(x, mask, p, training):
    """Inverted dropout. x: float64 array; mask: bool array shaped like x (True = keep); p: drop probability.

    Training: kept entries are scaled by 1 / (1 - p), dropped ones are 0. Evaluation: return x unchanged.
    Do not modify x.
    """
    raise NotImplementedError


def dropout_backward(dy, mask, p, training):
    """dL/dx given dy = dL/dy, for the same mask, p and mode."""
    raise NotImplementedError
