"""Reference: batch normalization over a batch of feature vectors, as torch.nn.BatchNorm1d (float64)."""

import numpy as np


class BatchNorm1d:
    """Normalizes each feature over the batch; keeps running statistics for evaluation.

    Attributes: gamma, beta (learnable, (d,)), running_mean, running_var (buffers, (d,)).
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        """gamma = 1, beta = 0, running_mean = 0, running_var = 1, as torch initialises them."""
        self.eps = eps
        self.momentum = momentum
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self._cache = None

    def forward(self, x, training):
        """y = gamma * (x - mean) / sqrt(var + eps) + beta, x: (m, d).

        Training: batch mean and biased batch variance; the running statistics move towards
        the batch's (unbiased variance, like torch). Evaluation: the running statistics.
        """
        x = np.asarray(x, dtype=np.float64)
        if training:
            m = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self._cache = (x_hat, inv_std)  # also in eval mode: a backward after it uses the eval statistics
        return self.gamma * x_hat + self.beta

    def backward(self, dy):
        """(dx, dgamma, dbeta) for the last training forward, given dy = dL/dy (m, d)."""
        x_hat, inv_std = self._cache
        m = dy.shape[0]
        dgamma = np.sum(dy * x_hat, axis=0)
        dbeta = np.sum(dy, axis=0)
        dx_hat = dy * self.gamma
        # mean and variance depend on every row: the two sums are their paths back to x
        dx = inv_std / m * (m * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
        return dx, dgamma, dbeta
