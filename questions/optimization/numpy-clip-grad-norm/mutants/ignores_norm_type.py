import numpy as np


def clip_grad_norm_(grads, max_norm, norm_type=2.0):
    total = np.sqrt(sum(np.sum(g * g) for g in grads))
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        for g in grads:
            g *= coef
    return float(total)
