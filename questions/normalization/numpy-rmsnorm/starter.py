import numpy as np


class RMSNorm:
    """y = x / sqrt(mean(x**2) + eps) * weight over the last len(normalized_shape) axes, as torch.nn.RMSNorm.

    eps None means np.finfo(x.dtype).eps; weight: ones of normalized_shape, or None without elementwise_affine.
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        # TODO: normalized_shape as a tuple; weight
        raise NotImplementedError

    def forward(self, x):
        """y, shaped like x."""
        # TODO: the mean of squares over the normalized axes, eps inside the root; keep what backward needs
        raise NotImplementedError

    def backward(self, dy):
        """(dx, dweight) for the last forward; dweight None without a weight."""
        # TODO: dx with the path through rms; dweight summed over the leading axes
        raise NotImplementedError
