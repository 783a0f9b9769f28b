import numpy as np


class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0, mode="min", restore_best=True):
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.restore_best = restore_best
        self.best = float("inf") if mode == "min" else float("-inf")
        self.wait = 0
        self.best_step = 0
        self.steps = 0
        self.best_weights = None

    def step(self, metric, weights):
        self.steps += 1
        if self.mode == "min":
            improved = metric < self.best - self.min_delta
        else:
            improved = metric > self.best + self.min_delta
        if improved:
            self.best, self.wait, self.best_step = metric, 0, self.steps
            if self.restore_best:
                if self.best_weights is None:
                    self.best_weights = dict(weights)
                else:  # reuse the buffers instead of allocating new ones
                    for name, array in weights.items():
                        np.copyto(self.best_weights[name], array)
        else:
            self.wait += 1
        return self.wait >= self.patience

    def restore(self):
        return self.best_weights
