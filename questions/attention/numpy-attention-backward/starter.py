import numpy as np


def attention_backward(Q, K, V, dout, mask=None):
    """Gradients of output = softmax(Q K^T / sqrt(d_k), masked over keys) @ V.

    Q (b, n_q, d_k), K (b, n_k, d_k), V (b, n_k, d_v), dout (b, n_q, d_v), float64.
    mask: None or bool (b, n_q, n_k), True = query i may attend to key j; a fully masked query
    has zero weights and zero output, and sends no gradient.
    Returns (dQ, dK, dV) shaped like Q, K, V, float64. Do not modify the inputs.
    """
    # TODO: recompute the masked softmax A; dV = A^T dout; dA = dout V^T; softmax Jacobian; dQ, dK
    raise NotImplementedError
