import numpy as np


def apply_rope(x, positions=None, base=10000.0):
    half = x.shape[-1] // 2
    if positions is None:
        positions = np.arange(x.shape[1])
    inv_freq = 1.0 / base ** (np.arange(0, x.shape[-1], 2) / x.shape[-1])
    angles = np.outer(positions, inv_freq)
    cos, sin = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos + x2 * sin, x2 * cos - x1 * sin], axis=-1)
