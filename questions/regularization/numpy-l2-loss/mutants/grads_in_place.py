import numpy as np


def l2_loss(params, data_loss, lam):
    penalty = 0.0
    for name, value in params.items():
        if name.startswith("W"):
            penalty += np.sum(value ** 2)
    return float(data_loss + lam / 2 * penalty)


def l2_grads(params, grads, lam):
    out = {}
    for name, g in grads.items():
        if name.startswith("W"):
            g += lam * params[name]
            out[name] = g
        else:
            out[name] = g.copy()
    return out
