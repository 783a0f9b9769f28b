"""Reference: cross-entropy with label smoothing and ignore_index, as torch.nn.functional.cross_entropy (float64)."""

import numpy as np


def smoothed_cross_entropy(logits, labels, label_smoothing=0.0, ignore_index=-100):
    """(loss, dlogits): the mean over kept rows of -sum_k q_k log softmax(logits)_k, and its gradient.

    q = (1 - eps) * onehot(label) + eps / K over all K classes (the true one too); rows whose label
    is ignore_index are left out of the loss and the mean, and get a zero gradient. With every row
    ignored the loss is nan and the gradient zeros, as torch gives.
    """
    classes = logits.shape[1]
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    kept = (labels != ignore_index)[:, None]
    target = ((1 - label_smoothing) * (labels[:, None] == np.arange(classes)) + label_smoothing / classes) * kept
    count = np.sum(kept)
    loss = float(-np.sum(target * log_p) / count) if count else float("nan")
    return loss, (np.exp(log_p) * kept - target) / np.maximum(count, 1)
