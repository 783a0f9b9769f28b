"""Reference: rotary position embeddings (RoPE), half-split pairing as in GPT-NeoX and Hugging Face Llama (float64)."""

import numpy as np


def apply_rope(x, positions=None, base=10000.0):
    """Rotate feature j with feature j + d/2 by the angle position * base**(-2j/d), for j < d/2.

    x: (batch, seq, heads, d) with d even; positions: None (0 .. seq - 1) or ints of shape (seq,).
    Returns a new float64 array shaped like x.
    """
    half = x.shape[-1] // 2
    if positions is None:
        positions = np.arange(x.shape[1])
    inv_freq = 1.0 / base ** (2.0 * np.arange(half) / x.shape[-1])
    angles = np.asarray(positions, dtype=np.float64)[:, None] * inv_freq  # (seq, d/2)
    cos, sin = np.cos(angles)[:, None, :], np.sin(angles)[:, None, :]  # (seq, 1, d/2): broadcast over heads
    x1, x2 = x[..., :half], x[..., half:]
    return np.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=-1)
