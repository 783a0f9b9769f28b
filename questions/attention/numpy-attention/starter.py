import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    """Batched scaled dot-product attention.

    Q: (b, n_q, d_k), K: (b, n_k, d_k), V: (b, n_k, d_v), all float64.
    mask: None, or a bool array (b, n_q, n_k): True where query i may attend to key j.
    Returns (output, weights): output (b, n_q, d_v), weights (b, n_q, n_k), float64.
    A query row whose mask is all False gets all-zero weights and an all-zero output.
    Do not modify the inputs.
    """
    # TODO: scores = Q K^T / sqrt(d_k); masked, numerically stable softmax over keys; weights @ V
    raise NotImplementedError
