import numpy as np


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def apply_rope(x, positions=None, base=10000.0):
    seq_len, d = x.shape[2], x.shape[3]
    if positions is None:
        positions = np.arange(seq_len)
    inv_freq = 1.0 / base ** (np.arange(0, d, 2) / d)
    angles = np.asarray(positions)[:, None] * inv_freq
    emb = np.concatenate([angles, angles], axis=-1)[None, None, :, :]
    return x * np.cos(emb) + rotate_half(x) * np.sin(emb)
