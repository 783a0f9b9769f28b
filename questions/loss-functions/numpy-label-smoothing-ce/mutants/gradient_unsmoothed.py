import numpy as np


def smoothed_cross_entropy(logits, labels, label_smoothing=0.0, ignore_index=-100):
    n, k = logits.shape
    s = logits - logits.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    keep = labels != ignore_index
    count = keep.sum()
    if count == 0:
        return float("nan"), np.zeros_like(logits)
    rows = np.arange(n)[keep]
    nll = -log_p[rows, labels[keep]]
    smooth = -log_p[rows].mean(axis=1)
    loss = ((1 - label_smoothing) * nll + label_smoothing * smooth).mean()
    grad = np.exp(log_p)
    grad[rows, labels[keep]] -= 1.0
    grad[~keep] = 0.0
    return float(loss), grad / count
