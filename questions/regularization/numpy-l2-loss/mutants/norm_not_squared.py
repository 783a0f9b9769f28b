import numpy as np


def l2_loss(params, data_loss, lam):
    penalty = 0.0
    for name, value in params.items():
        if name.startswith("W"):
            penalty += np.linalg.norm(value)
    return float(data_loss + lam / 2 * penalty)


def l2_grads(params, grads, lam):
    out = {}
    for name, g in grads.items():
        if name.startswith("W"):
            out[name] = g + lam * params[name]
        else:
            out[name] = g.copy()
    return out
