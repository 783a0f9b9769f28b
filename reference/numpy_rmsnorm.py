"""Reference: RMSNorm forward and backward as torch.nn.RMSNorm (eps inside the root, default eps of the dtype), float64."""

import numpy as np


class RMSNorm:
    """y = x / sqrt(mean(x**2) + eps) * weight, the mean over the last len(normalized_shape) axes.

    Attribute: weight (normalized_shape, float64, init ones), or None without elementwise_affine.
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        """normalized_shape: an int or a tuple; eps None means the machine epsilon of the input's dtype, as torch."""
        self.shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.eps = eps
        self.weight = np.ones(self.shape) if elementwise_affine else None

    def forward(self, x):
        """Normalize x (..., *normalized_shape) by its root mean square over the normalized axes."""
        axes = tuple(range(x.ndim - len(self.shape), x.ndim))
        eps = np.finfo(x.dtype).eps if self.eps is None else self.eps
        inv_rms = 1.0 / np.sqrt(np.mean(x * x, axis=axes, keepdims=True) + eps)
        x_hat = x * inv_rms
        self._cache = (x_hat, inv_rms, axes)
        return x_hat if self.weight is None else x_hat * self.weight

    def backward(self, dy):
        """(dx, dweight) for the last forward given dy = dL/dy; dweight sums over the leading axes (None without a weight)."""
        x_hat, inv_rms, axes = self._cache
        leading = tuple(range(dy.ndim - len(axes)))
        g = dy if self.weight is None else dy * self.weight  # dL/dx_hat
        # the mean is the path through the root mean square, which every entry of the slice feeds
        dx = inv_rms * (g - x_hat * np.mean(g * x_hat, axis=axes, keepdims=True))
        dweight = None if self.weight is None else np.sum(dy * x_hat, axis=leading)
        return dx, dweight
