import numpy as np


def softmax_cross_entropy(logits, labels, weight=None, ignore_index=-100, label_smoothing=0.0):
    m, C = logits.shape
    eps = label_smoothing
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    p = np.exp(logp)
    w = np.ones(C) if weight is None else weight
    mask = labels != ignore_index
    safe = np.where(mask, labels, 0)
    onehot = np.zeros((m, C))
    onehot[np.arange(m), safe] = 1.0
    # a[i, c]: how much -log p[i, c] counts in row i (weighted, smoothed target)
    a = (1 - eps) * w[safe][:, None] * onehot + eps / C * w[safe][:, None]
    a = a * mask[:, None]
    denom = (w[safe] * mask).sum()
    if denom == 0:
        return float("nan"), np.zeros((m, C))
    loss = -(a * logp).sum() / denom
    grad = (a.sum(axis=1, keepdims=True) * p - a) / denom
    return float(loss), grad
