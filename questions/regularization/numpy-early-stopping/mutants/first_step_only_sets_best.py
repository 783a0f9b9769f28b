class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0, mode="min", restore_best=True):
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.restore_best = restore_best
        self.best = None
        self.wait = 0
        self.best_step = 0
        self.epoch = 0
        self.best_weights = None

    def step(self, metric, weights):
        self.epoch += 1
        if self.best is None:
            self.best = metric
            return False
        if self.mode == "min":
            improved = metric < self.best - self.min_delta
        else:
            improved = metric > self.best + self.min_delta
        if improved:
            self.best, self.wait, self.best_step = metric, 0, self.epoch
            if self.restore_best:
                self.best_weights = {k: w.copy() for k, w in weights.items()}
        else:
            self.wait += 1
        return self.wait >= self.patience

    def restore(self):
        return self.best_weights
