import numpy as np


class SGD:
    def __init__(self, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov
        self.buffers = None

    def step(self, params, grads):
        if self.buffers is None:
            self.buffers = [None] * len(params)
        for i in range(len(params)):
            p, g = params[i], grads[i]
            d = g
            if self.weight_decay != 0:
                d += self.weight_decay * p
            if self.momentum != 0:
                if self.buffers[i] is None:
                    self.buffers[i] = d.copy()
                else:
                    self.buffers[i] = self.momentum * self.buffers[i] + (1 - self.dampening) * d
                if self.nesterov:
                    d = d + self.momentum * self.buffers[i]
                else:
                    d = self.buffers[i]
            p -= self.lr * d
