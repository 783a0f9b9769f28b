"""Reference: RMSprop with optional momentum and centering, as torch.optim.RMSprop (float64)."""

import numpy as np


class RMSprop:
    """torch.optim.RMSprop's update; state kept per position in the parameter list."""

    def __init__(self, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        """Hyperparameters as torch.optim.RMSprop."""
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.weight_decay = weight_decay
        self.momentum = momentum
        self.centered = centered
        self.square_avg = None  # running mean of g**2, one array per parameter
        self.grad_avg = None  # running mean of g (centered only)
        self.momentum_buffer = None  # momentum > 0 only

    def step(self, params, grads):
        """Update every array in `params` in place from the matching array in `grads`."""
        if self.square_avg is None:
            zeros = lambda: [np.zeros_like(p, dtype=np.float64) for p in params]  # noqa: E731
            self.square_avg = zeros()
            self.grad_avg = zeros() if self.centered else None
            self.momentum_buffer = zeros() if self.momentum > 0 else None  # torch starts it at zero
        for i, (p, g) in enumerate(zip(params, grads)):
            if self.weight_decay != 0:
                g = g + self.weight_decay * p
            self.square_avg[i] = self.alpha * self.square_avg[i] + (1 - self.alpha) * g * g
            if self.centered:
                self.grad_avg[i] = self.alpha * self.grad_avg[i] + (1 - self.alpha) * g
                # E[g^2] - E[g]^2 is a variance: the step is normalised by the gradient's spread.
                avg = np.sqrt(self.square_avg[i] - self.grad_avg[i] ** 2) + self.eps
            else:
                avg = np.sqrt(self.square_avg[i]) + self.eps
            if self.momentum > 0:
                self.momentum_buffer[i] = self.momentum * self.momentum_buffer[i] + g / avg
                p -= self.lr * self.momentum_buffer[i]
            else:
                p -= self.lr * g / avg
