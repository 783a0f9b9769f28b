import numpy as np


def apply_rope(x, positions=None, base=10000.0):
    d = x.shape[-1]
    if positions is None:
        positions = np.arange(x.shape[1])
    theta = base ** (-np.arange(0, d, 2) / d)
    angles = np.asarray(positions)[:, None] * theta
    cos, sin = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]
    x_even, x_odd = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = x_even * cos - x_odd * sin
    out[..., 1::2] = x_odd * cos + x_even * sin
    return out
