import numpy as np


def sigmoid_focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    """Binary focal loss from logits, torchvision's formula.

    FL = -alpha_t * (1 - p_t) ** gamma * log(p_t), p = sigmoid(logits), p_t = p if t == 1 else 1 - p,
    alpha_t = alpha if t == 1 else 1 - alpha; no alpha_t factor when alpha < 0.
    reduction: "none" (the elementwise array), "mean" or "sum" (a float). Stable for |logits| ~ 1000.
    """
    # TODO: stable BCE with logits, p_t, the modulating factor, alpha_t, the reduction
    raise NotImplementedError
