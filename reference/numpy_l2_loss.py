"""Reference: L2 regularization (weight decay) added to a data loss and its gradients (float64).

Convention: loss = data_loss + (lam / 2) * sum of squared weights, so the gradient gains lam * W,
exactly torch.optim's weight_decay=lam. Only weights (keys starting with "W") are regularized.
"""

import numpy as np


def _is_weight(name):
    return name.startswith("W")


def l2_loss(params, data_loss, lam):
    """data_loss + lam / 2 * sum over weight matrices of ||W||_F^2, as a Python float."""
    penalty = sum(float(np.sum(np.square(value))) for name, value in params.items() if _is_weight(name))
    return float(data_loss) + 0.5 * lam * penalty


def l2_grads(params, grads, lam):
    """A new dict: grads[k] + lam * params[k] for weights, grads[k] unchanged (a copy) for biases."""
    return {name: grads[name] + lam * params[name] if _is_weight(name) else np.array(grads[name], dtype=np.float64) for name in grads}
