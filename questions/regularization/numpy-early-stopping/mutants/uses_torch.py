import torch


class EarlyStopping:
    def __init__(self, patience=5, min_delta=0.0, mode="min", restore_best=True):
        param = torch.nn.Parameter(torch.zeros(1))
        self.optimizer = torch.optim.SGD([param], lr=1.0)
        self.plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(self.optimizer, mode=mode, patience=patience - 1, threshold=min_delta, threshold_mode="abs")
        self.patience, self.restore_best = patience, restore_best
        self.wait = self.best_step = self.steps = 0
        self.best = self.plateau.best
        self.best_weights = None

    def step(self, metric, weights):
        self.steps += 1
        before = self.plateau.best
        self.plateau.step(metric)
        self.best = self.plateau.best
        if self.best != before:
            self.wait, self.best_step = 0, self.steps
            if self.restore_best:
                self.best_weights = {k: w.copy() for k, w in weights.items()}
        else:
            self.wait += 1
        return self.wait >= self.patience

    def restore(self):
        return self.best_weights
