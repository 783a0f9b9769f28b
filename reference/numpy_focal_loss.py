"""Reference: sigmoid focal loss from logits, torchvision.ops.sigmoid_focal_loss's formula (float64)."""

import numpy as np


def sigmoid_focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    """alpha_t * (1 - p_t)**gamma * BCE(logits, targets), elementwise, then reduced ("none", "mean" or "sum").

    p = sigmoid(logits); p_t = p where the target is 1, 1 - p where it is 0; alpha_t = alpha or 1 - alpha
    likewise, and no alpha weighting at all when alpha < 0. Returns an array for "none", else a float.
    """
    e = np.exp(-np.abs(logits))  # in (0, 1]: never overflows
    p = np.exp(np.minimum(logits, 0)) / (1 + e)  # sigmoid: 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) below
    ce = np.maximum(logits, 0) - logits * targets + np.log1p(e)  # BCE with logits: log(1 + e^x) - x t
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    if reduction == "mean":
        return float(np.mean(loss))
    if reduction == "sum":
        return float(np.sum(loss))
    return loss
