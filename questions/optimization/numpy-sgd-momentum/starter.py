import numpy as np


class SGD:
    """torch.optim.SGD in NumPy: step(params, grads) updates each array of params in place."""

    def __init__(self, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov
        self.buffers = None  # list: buffers[i] is the momentum buffer of params[i]

    def step(self, params, grads):
        """One update of every parameter, in place; returns None."""
        # TODO: weight decay into the gradient, then the momentum buffer, then p -= lr * step
        raise NotImplementedError
