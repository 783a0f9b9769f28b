"""Reference: SGD with momentum, dampening, Nesterov and weight decay, as torch.optim.SGD (float64)."""

import numpy as np


class SGD:
    """torch.optim.SGD's update; state kept per position in the parameter list."""

    def __init__(self, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        """Hyperparameters as torch.optim.SGD; Nesterov needs momentum > 0 and dampening 0."""
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov
        self.buffers = None  # one momentum buffer per parameter, created by the first step

    def step(self, params, grads):
        """Update every array in `params` in place from the matching array in `grads`."""
        if self.momentum != 0 and self.buffers is None:
            self.buffers = [None] * len(params)
        for i, (p, g) in enumerate(zip(params, grads)):
            d_p = g + self.weight_decay * p if self.weight_decay != 0 else g
            if self.momentum != 0:
                if self.buffers[i] is None:
                    # torch starts the buffer at the first gradient itself, undamped.
                    self.buffers[i] = d_p  # torch's buf = d_p without the clone: the caller's gradient itself
                else:
                    self.buffers[i] *= self.momentum
                    self.buffers[i] += (1 - self.dampening) * d_p
                d_p = d_p + self.momentum * self.buffers[i] if self.nesterov else self.buffers[i]
            p -= self.lr * d_p
