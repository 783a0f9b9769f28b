import numpy as np
import torch


class BatchNorm1d:
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        self.eps = eps
        self.momentum = momentum
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x, training):
        if training:
            m = x.shape[0]
            mu = np.mean(x, axis=0)
            var = np.var(x, axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mu
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
            self.x_hat = (x - mu) / np.sqrt(var + self.eps)
            self.inv_std = 1 / np.sqrt(var + self.eps)
            self.x = x
            return self.gamma * self.x_hat + self.beta
        x_hat = (x - self.running_mean) / np.sqrt(self.running_var + self.eps)
        return self.gamma * x_hat + self.beta

    def backward(self, dy):
        m = dy.shape[0]
        dbeta = np.sum(dy, axis=0)
        dgamma = np.sum(dy * self.x_hat, axis=0)
        g = dy * self.gamma
        dx = self.inv_std / m * (m * g - np.sum(g, axis=0) - self.x_hat * np.sum(g * self.x_hat, axis=0))
        return dx, dgamma, dbeta
