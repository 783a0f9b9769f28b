"""Reference: AdamW (decoupled weight decay), as torch.optim.AdamW (float64)."""

import math

import numpy as np


class AdamW:
    """torch.optim.AdamW's update (amsgrad off); state kept per position in the parameter list."""

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        """Hyperparameters as torch.optim.AdamW (note its default weight decay, 0.01)."""
        self.lr = lr
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.weight_decay = weight_decay
        self.t = 0  # steps taken so far
        self.m = None  # first-moment estimates, one array per parameter
        self.v = None  # second-moment estimates, one array per parameter

    def step(self, params, grads):
        """Update every array in `params` in place from the matching array in `grads`."""
        if self.m is None:
            self.m = [np.zeros_like(p, dtype=np.float64) for p in params]
            self.v = [np.zeros_like(p, dtype=np.float64) for p in params]
        self.t += 1
        bias1 = 1 - self.beta1**self.t
        bias2_sqrt = math.sqrt(1 - self.beta2**self.t)
        for i, (p, g) in enumerate(zip(params, grads)):
            # Decoupled: shrink the weights directly, before and apart from the adaptive step.
            p *= 1 - self.lr * self.weight_decay
            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g
            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g * g
            denom = np.sqrt(self.v[i]) / bias2_sqrt + self.eps
            p -= (self.lr / bias1) * self.m[i] / denom
