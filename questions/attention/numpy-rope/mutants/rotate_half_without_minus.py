import numpy as np


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([x[..., half:], x[..., :half]], axis=-1)


def apply_rope(x, positions=None, base=10000.0):
    d = x.shape[-1]
    if positions is None:
        positions = np.arange(x.shape[1])
    inv_freq = 1.0 / base ** (np.arange(0, d, 2) / d)
    angles = np.asarray(positions)[:, None] * inv_freq
    emb = np.concatenate([angles, angles], axis=-1)[:, None, :]
    return x * np.cos(emb) + rotate_half(x) * np.sin(emb)
