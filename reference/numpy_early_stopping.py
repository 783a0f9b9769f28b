"""Reference: an early-stopping helper with patience, min_delta, min/max mode and a copy of the best weights."""


class EarlyStopping:
    """Stops when the metric has not improved by more than min_delta for `patience` steps in a row."""

    def __init__(self, patience=5, min_delta=0.0, mode="min", restore_best=True):
        """patience >= 1 steps without improvement stop training; mode "min" (a loss) or "max" (an accuracy)."""
        self.patience = patience
        self.min_delta = min_delta
        self.mode = mode
        self.restore_best = restore_best
        self.best = float("inf") if mode == "min" else float("-inf")
        self.wait = 0  # steps in a row without improvement
        self.best_step = 0  # 1-based number of the step that set `best`; 0 before any
        self.steps = 0
        self.best_weights = None

    def step(self, metric, weights):
        """Record one evaluation; True when training should stop (wait >= patience)."""
        self.steps += 1
        if self.mode == "min":
            improved = metric < self.best - self.min_delta
        else:
            improved = metric > self.best + self.min_delta
        if improved:  # NaN compares False: never an improvement
            self.best, self.wait, self.best_step = metric, 0, self.steps
            if self.restore_best:
                self.best_weights = {name: array.copy() for name, array in weights.items()}
        else:
            self.wait += 1
        return self.wait >= self.patience

    def restore(self):
        """The copies of the weights from the best step (None without restore_best or before any improvement)."""
        return self.best_weights
