import numpy as np


class RMSprop:
    """torch.optim.RMSprop in NumPy: step(params, grads) updates each array of params in place."""

    def __init__(self, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.weight_decay = weight_decay
        self.momentum = momentum
        self.centered = centered
        self.square_avg = None       # list: running mean of g**2 per parameter
        self.grad_avg = None         # list: running mean of g per parameter (centered only)
        self.momentum_buffer = None  # list: momentum buffer per parameter (momentum > 0 only)

    def step(self, params, grads):
        """One update of every parameter, in place; returns None."""
        # TODO: L2 into g; update square_avg (and grad_avg); a = sqrt(...) + eps; momentum or plain step
        raise NotImplementedError
