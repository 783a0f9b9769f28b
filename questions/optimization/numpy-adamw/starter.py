import numpy as np


class AdamW:
    """torch.optim.AdamW in NumPy: step(params, grads) updates each array of params in place."""

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.lr = lr
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.weight_decay = weight_decay
        self.t = 0     # steps taken so far
        self.m = None  # list: m[i] is the first moment of params[i]
        self.v = None  # list: v[i] is the second moment of params[i]

    def step(self, params, grads):
        """One update of every parameter, in place; returns None."""
        # TODO: decay the weights (decoupled), then Adam's bias-corrected update
        raise NotImplementedError
