import numpy as np


def positional_encoding(seq_len, d_model, base=10000.0):
    pos = np.arange(seq_len)[:, None]
    angles = pos / base ** (np.arange(0, d_model, 2) / d_model)
    pe = np.zeros((seq_len, d_model), dtype=np.float32)
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
