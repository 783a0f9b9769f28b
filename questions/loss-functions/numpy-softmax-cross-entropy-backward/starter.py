import numpy as np


def softmax_cross_entropy(logits, labels, weight=None, ignore_index=-100, label_smoothing=0.0):
    """(loss, dlogits) of torch.nn.functional.cross_entropy with these options and mean reduction.

    logits: (m, C) float64; labels: (m,) int64 in [0, C) or equal to ignore_index;
    weight: (C,) float64 or None; label_smoothing: eps in [0, 1], eps / C on every class.
    The mean divides by the summed weights of the labels that count; if every label is
    ignored, the loss is nan and the gradient zeros. Do not modify the inputs.
    """
    # TODO: stable log-softmax; rows that count and their weights; loss; gradient in the same pass
    raise NotImplementedError
