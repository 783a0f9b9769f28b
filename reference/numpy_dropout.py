"""Reference: inverted dropout with a given keep-mask, forward and backward (float64)."""

import numpy as np


def dropout_forward(x, mask, p, training):
    """Training: x * mask / (1 - p) (mask True = keep). Evaluation: x unchanged (a copy). Shape of x."""
    x = np.asarray(x, dtype=np.float64)
    if not training:
        return x.copy()
    return np.where(mask, x / (1.0 - p), 0.0)


def dropout_backward(dy, mask, p, training):
    """dL/dx: the same elementwise linear map applied to dy (mask / (1 - p) in training, identity in eval)."""
    return dropout_forward(dy, mask, p, training)
