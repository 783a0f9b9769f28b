"""Reference: the sinusoidal positional encodings of Vaswani et al. (2017), float64."""

import numpy as np


def positional_encoding(seq_len, d_model, base=10000.0):
    """PE[pos, 2i] = sin(pos / base**(2i / d_model)) and PE[pos, 2i + 1] = cos(the same angle).

    Shape (seq_len, d_model). An odd d_model ends with a sin column: its cos partner would be
    column d_model, which does not exist.
    """
    pos = np.arange(seq_len, dtype=np.float64)[:, None]
    two_i = np.arange(0, d_model, 2, dtype=np.float64)
    angles = pos / base ** (two_i / d_model)
    pe = np.empty((seq_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
