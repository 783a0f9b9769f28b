import numpy as np


def clip_grad_norm_(grads, max_norm, norm_type=2.0):
    if norm_type == float("inf"):
        total = max(np.max(np.abs(g)) for g in grads)
    else:
        total = sum(np.sum(np.abs(g) ** norm_type) for g in grads) ** (1.0 / norm_type)
    for g in grads:
        own = np.sum(np.abs(g) ** norm_type) ** (1.0 / norm_type) if norm_type != float("inf") else np.max(np.abs(g))
        coef = max_norm / (own + 1e-6)
        if coef < 1:
            g *= coef
    return float(total)
