"""Reference: mean softmax cross-entropy as torch.nn.functional.cross_entropy (class weights, ignore_index,
label smoothing) and its gradient w.r.t. the logits, fused, float64."""

import numpy as np


def softmax_cross_entropy(logits, labels, weight=None, ignore_index=-100, label_smoothing=0.0):
    """(loss, dlogits) of F.cross_entropy(logits, labels, weight, ignore_index=..., label_smoothing=...), mean reduction.

    logits (m, C) float64; labels (m,) int64 in [0, C) or equal to ignore_index; weight (C,) or None.
    The mean divides by the summed weights of the rows that count; with none (every label ignored)
    the loss is nan and the gradient zeros, as torch's.
    """
    m, classes = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)  # log-softmax with the max shift: no overflow
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    class_weight = np.ones(classes) if weight is None else weight
    kept = labels != ignore_index
    target = labels * kept  # class 0 stands in for an ignored label (no class); its weight is 0
    row_weight = np.where(kept, class_weight[target], 0.0)
    total = row_weight.sum()
    if total == 0:
        return float("nan"), np.zeros((m, classes))
    rows = np.arange(m)
    eps = label_smoothing
    # the target gets (1 - eps) of the mass and every class eps / C, each term weighted by its class
    nll = -np.sum(row_weight * log_p[rows, target])
    smooth = -np.sum(np.where(kept, (log_p * class_weight).sum(axis=1), 0.0)) / classes
    loss = ((1 - eps) * nll + eps * smooth) / total
    onehot = np.zeros((m, classes))
    onehot[rows, target] = 1.0
    row_grad = (1 - eps) * row_weight[:, None] * (p - onehot) + eps / classes * (class_weight.sum() * p - class_weight)
    return float(loss), row_grad * kept[:, None] / total
