import numpy as np


def positional_encoding(seq_len, d_model, base=10000.0):
    d = d_model + d_model % 2  # an even width, then drop the extra column
    pos = np.arange(seq_len)[:, None]
    angles = pos / base ** (np.arange(0, d, 2) / d)
    pe = np.zeros((seq_len, d))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe[:, :d_model]
