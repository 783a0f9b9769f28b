import numpy as np


class EarlyStopping:
    """Stop when the metric has not improved by more than min_delta for `patience` calls in a row.

    step(metric, weights) -> bool: an improvement is metric < best - min_delta ("min") or
    metric > best + min_delta ("max"); on one, best = metric, wait = 0, best_step = this call's number,
    and (restore_best) a copy of weights is kept; otherwise wait += 1. Returns wait >= patience.
    restore() returns the kept copy or None. Attributes: best, wait, best_step.
    """

    def __init__(self, patience=5, min_delta=0.0, mode="min", restore_best=True):
        # TODO: keep the settings; best = inf or -inf; wait = best_step = 0; no weights yet
        raise NotImplementedError

    def step(self, metric, weights):
        # TODO: improvement test, state update, copy of the weights, return wait >= patience
        raise NotImplementedError

    def restore(self):
        # TODO: the kept copy of the best weights, or None
        raise NotImplementedError
