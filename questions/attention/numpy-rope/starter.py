import numpy as np


def apply_rope(x, positions=None, base=10000.0):
    """Rotary position embeddings with half-split pairs (j, j + d/2).

    x: float64 (batch, seq, heads, d), d even. positions: None (0 .. seq - 1) or ints of shape (seq,).
    Pair j turns by the angle position * base ** (-2j / d):
        y_j = x_j cos - x_{j+d/2} sin,   y_{j+d/2} = x_{j+d/2} cos + x_j sin.
    Returns a new float64 array shaped like x; x is not modified.
    """
    # TODO: frequencies, angles (seq, d/2), cos/sin broadcast over batch and heads, rotate the halves
    raise NotImplementedError
