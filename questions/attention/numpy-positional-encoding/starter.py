import numpy as np


def positional_encoding(seq_len, d_model, base=10000.0):
    """Sinusoidal positional encodings, float64 of shape (seq_len, d_model).

    PE[pos, 2i] = sin(pos / base ** (2i / d_model)), PE[pos, 2i + 1] = cos(the same angle),
    for pos = 0 .. seq_len - 1. An odd d_model ends with a sine column.
    """
    # TODO: angles as an outer product of positions and frequencies; sines in even columns, cosines in odd
    raise NotImplementedError
