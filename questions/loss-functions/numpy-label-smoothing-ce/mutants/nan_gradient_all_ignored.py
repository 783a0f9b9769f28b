import numpy as np


def smoothed_cross_entropy(logits, labels, label_smoothing=0.0, ignore_index=-100):
    n, k = logits.shape
    s = logits - logits.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    keep = labels != ignore_index
    q = np.full((n, k), label_smoothing / k)
    q[np.arange(n), np.where(keep, labels, 0)] += 1.0 - label_smoothing
    q[~keep] = 0.0
    count = keep.sum()
    loss = float(-(q * log_p).sum() / count) if count > 0 else float("nan")
    grad = (np.exp(log_p) * keep[:, None] - q) / count
    return loss, grad
