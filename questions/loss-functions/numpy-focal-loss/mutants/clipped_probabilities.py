import numpy as np


def sigmoid_focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    p = 1.0 / (1.0 + np.exp(-np.clip(logits, -500, 500)))
    p = np.clip(p, 1e-7, 1 - 1e-7)
    p_t = p * targets + (1 - p) * (1 - targets)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets) if alpha >= 0 else 1.0
    loss = -alpha_t * (1 - p_t) ** gamma * np.log(p_t)
    if reduction == "mean":
        return float(np.mean(loss))
    if reduction == "sum":
        return float(np.sum(loss))
    return loss
