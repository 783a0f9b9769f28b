class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0, mode="min", restore_best=True):
        self.patience, self.min_delta, self.mode, self.restore_best = patience, min_delta, mode, restore_best
        self.sign = 1.0 if mode == "min" else -1.0
        self.best = self.sign * float("inf")
        self.wait = self.best_step = self.n = 0
        self.best_weights = None

    def step(self, metric, weights):
        self.n += 1
        gain = self.sign * (self.best - metric)  # how much better than best
        if gain > 0:
            self.best = metric
        if gain > self.min_delta:
            self.wait = 0
            self.best_step = self.n
            if self.restore_best:
                self.best_weights = {k: w.copy() for k, w in weights.items()}
        else:
            self.wait += 1
        return self.wait >= self.patience

    def restore(self):
        return self.best_weights
