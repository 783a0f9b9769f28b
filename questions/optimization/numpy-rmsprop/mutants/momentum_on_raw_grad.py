import numpy as np


class RMSprop:
    def __init__(self, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.weight_decay = weight_decay
        self.momentum = momentum
        self.centered = centered
        self.square_avg = None
        self.grad_avg = None
        self.momentum_buffer = None
        self.t = 0

    def step(self, params, grads):
        if self.square_avg is None:
            self.square_avg = [np.zeros_like(p) for p in params]
            self.grad_avg = [np.zeros_like(p) for p in params]
            self.momentum_buffer = [np.zeros_like(p) for p in params]
        self.t += 1
        for i in range(len(params)):
            p, g = params[i], grads[i]
            if self.weight_decay != 0:
                g = g + self.weight_decay * p
            self.square_avg[i] = self.alpha * self.square_avg[i] + (1 - self.alpha) * g ** 2
            s = self.square_avg[i]
            if self.centered:
                self.grad_avg[i] = self.alpha * self.grad_avg[i] + (1 - self.alpha) * g
                s = s - self.grad_avg[i] ** 2
            a = np.sqrt(s) + self.eps
            if self.momentum > 0:
                self.momentum_buffer[i] = self.momentum * self.momentum_buffer[i] + g
                p -= self.lr * self.momentum_buffer[i] / a
            else:
                p -= self.lr * g / a
