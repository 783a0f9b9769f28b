import numpy as np


class BatchNorm1d:
    """Batch normalization of (m, d) inputs over the batch axis, as torch.nn.BatchNorm1d."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        self.eps = eps
        self.momentum = momentum
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x, training):
        """x: (m, d) -> y: (m, d). training=True: batch statistics, update the running ones, cache for backward.

        training=False: normalize with running_mean and running_var, change nothing.
        """
        raise NotImplementedError

    def backward(self, dy):
        """dy: (m, d) = dL/dy for the last training forward -> (dx, dgamma, dbeta)."""
        raise NotImplementedError
