import numpy as np


def apply_rope(x, positions=None, base=10000.0):
    half = x.shape[-1] // 2
    if positions is None:
        positions = np.arange(x.shape[1])
    inv_freq = base ** (-2.0 * np.arange(half) / x.shape[-1])
    angles = np.asarray(positions)[:, None] * inv_freq
    cos, sin = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]
    x1, x2 = x[..., :half].copy(), x[..., half:].copy()
    x[..., :half] = x1 * cos - x2 * sin
    x[..., half:] = x2 * cos + x1 * sin
    return x
