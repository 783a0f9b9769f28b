import numpy as np


def multihead_attention(x, params, num_heads, mask=None, causal=False):
    """Multi-head self-attention forward.

    x: (b, n, width) float64. params: W_q, W_k, W_v, W_o (width, width) used as x @ W, and
    b_q, b_k, b_v, b_o (width,). Head h owns columns h*d:(h+1)*d, d = width // num_heads.
    mask: None, (n, n) or (b, n, n) bool, True = query i may attend to key j; causal=True also
    hides keys j > i. A query that may attend to nothing gets zero weights (its output row is b_o).
    Returns (output (b, n, width), weights (b, num_heads, n, n)), float64. Inputs are not modified.
    """
    # TODO: project, split heads, masked stable softmax per head, merge heads, output projection
    raise NotImplementedError
