"""Reference: one SGD step of a 2-layer MLP (dense, ReLU, dense) with softmax cross-entropy (float64)."""

import numpy as np


def train_step(params, x, y, lr):
    """Update params in place by one SGD step on the mean cross-entropy; return the loss before the step.

    params: dict with W1 (n_in, h), b1 (h,), W2 (h, C), b2 (C,); x: (m, n_in); y: (m,) int labels.
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    m = x.shape[0]
    # forward
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0.0)
    logits = h @ W2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_p[np.arange(m), y].mean())
    # backward: every gradient from the pre-update weights
    dlogits = np.exp(log_p)
    dlogits[np.arange(m), y] -= 1.0
    dlogits /= m
    dW2, db2 = h.T @ dlogits, dlogits.sum(axis=0)
    dz1 = (dlogits @ W2.T) * (z1 > 0)
    dW1, db1 = x.T @ dz1, dz1.sum(axis=0)
    # update: the same arrays, so the caller's params change
    for name, grad in (("W1", dW1), ("b1", db1), ("W2", dW2), ("b2", db2)):
        params[name] -= lr * grad
    return loss
