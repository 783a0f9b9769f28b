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
            self.buffers = []
            self._by_id = {}
        for i in range(len(params)):
            p, g = params[i], grads[i]
            d = g + self.weight_decay * p
            if self.momentum != 0:
                if id(p) not in self._by_id:
                    self._by_id[id(p)] = d.copy()
                else:
                    self._by_id[id(p)] = self.momentum * self._by_id[id(p)] + (1 - self.dampening) * d
                self.buffers = [self._by_id[id(q)] for q in params if id(q) in self._by_id]
                if self.nesterov:
                    d = d + self.momentum * self._by_id[id(p)]
                else:
                    d = self._by_id[id(p)]
            p -= self.lr * d
