import math

import numpy as np


def step_lr(base_lr, epoch, step_size, gamma=0.1):
    """StepLR's learning rate for `epoch` (counting from 0)."""
    raise NotImplementedError


def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    """CosineAnnealingLR's closed form for `epoch`."""
    raise NotImplementedError


class ReduceLROnPlateau:
    """torch's ReduceLROnPlateau logic for one learning rate; step(metric) returns the new rate."""

    def __init__(self, lr, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8):
        self.lr = lr
        self.mode, self.factor, self.patience = mode, factor, patience
        self.threshold, self.threshold_mode = threshold, threshold_mode
        self.cooldown, self.min_lr, self.eps = cooldown, min_lr, eps
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0

    def step(self, metric):
        """Record one epoch's metric; return the learning rate to use next."""
        # TODO: better or bad epoch; cooldown; reduce when num_bad_epochs > patience
        raise NotImplementedError
