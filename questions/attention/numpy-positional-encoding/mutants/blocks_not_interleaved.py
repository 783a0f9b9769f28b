import numpy as np


def positional_encoding(seq_len, d_model, base=10000.0):
    pos = np.arange(seq_len)[:, None]
    angles = pos / base ** (np.arange(0, d_model, 2) / d_model)
    return np.concatenate([np.sin(angles), np.cos(angles[:, : d_model // 2])], axis=1)
