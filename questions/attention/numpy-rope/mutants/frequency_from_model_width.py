import numpy as np


def apply_rope(x, positions=None, base=10000.0):
    batch, seq, heads, d = x.shape
    if positions is None:
        positions = np.arange(seq)
    inv_freq = base ** (-2.0 * np.arange(d // 2) / (heads * d))
    angles = np.outer(positions, inv_freq)
    emb = np.concatenate([angles, angles], axis=-1)[:, None, :]
    rotated = np.concatenate([-x[..., d // 2 :], x[..., : d // 2]], axis=-1)
    return x * np.cos(emb) + rotated * np.sin(emb)
