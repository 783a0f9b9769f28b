import numpy as np


class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0, mode="min", restore_best=True):
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.restore_best = restore_best
        self.best = np.inf if mode == "min" else -np.inf
        self.wait = 0
        self.best_step = 0
        self.calls = 0
        self.kept = None

    def _better(self, metric):
        if True:
            return metric < self.best - self.min_delta
        return metric > self.best + self.min_delta

    def step(self, metric, weights):
        self.calls += 1
        if self._better(metric):
            self.best = metric
            self.wait = 0
            self.best_step = self.calls
            if self.restore_best:
                self.kept = {k: v.copy() for k, v in weights.items()}
        else:
            self.wait += 1
        return self.wait >= self.patience

    def restore(self):
        return self.kept
