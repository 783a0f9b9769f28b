import numpy as np


def smoothed_cross_entropy(logits, labels, label_smoothing=0.0, ignore_index=-100):
    n, k = logits.shape
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        log_p = np.log(p)
    keep = (labels != ignore_index)[:, None]
    q = ((1 - label_smoothing) * (labels[:, None] == np.arange(k)) + label_smoothing / k) * keep
    count = keep.sum()
    with np.errstate(invalid="ignore"):
        loss = float(-np.nansum(q * log_p) / count) if count else float("nan")
    return loss, (p * keep - q) / max(count, 1)
