import numpy as np


def train_step(params, x, y, lr):
    """One SGD step of a 2-layer MLP: logits = relu(x W1 + b1) W2 + b2, mean softmax cross-entropy.

    params: dict {"W1": (n_in, h), "b1": (h,), "W2": (h, C), "b2": (C,)}, float64.
    x: (m, n_in) float64; y: (m,) int64 labels in [0, C); lr: float.
    Update params in place (after the call params[name] holds the new value);
    return the loss computed before the update, as a float. Do not modify x or y.
    """
    # TODO: forward, loss, backward, update
    raise NotImplementedError
