import numpy as np


class RMSNorm:
    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.weight = np.ones(self.normalized_shape) if elementwise_affine else None

    def forward(self, x):
        k = len(self.normalized_shape)
        self.axes = tuple(range(x.ndim - k, x.ndim))
        eps = self.eps if self.eps is not None else np.finfo(x.dtype).eps
        ms = (x ** 2).mean(axis=self.axes, keepdims=True)
        self.rms = np.sqrt(ms + eps)
        self.xhat = x / self.rms
        if self.weight is None:
            return self.xhat
        return self.xhat * self.weight

    def backward(self, dy):
        g = dy * self.weight if self.weight is not None else dy
        dx = g / self.rms
        lead = tuple(range(dy.ndim - len(self.axes)))
        dweight = (dy * self.xhat).sum(axis=lead) if self.weight is not None else None
        return dx, dweight
