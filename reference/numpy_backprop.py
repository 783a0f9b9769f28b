"""Reference: loss and gradients of an L-layer MLP (ReLU hidden layers, softmax + mean cross-entropy), float64."""

import numpy as np


def mlp_backward(X, y, weights, biases):
    """(loss, dWs, dbs) for Z_l = A_{l-1} W_l + b_l, ReLU between layers, softmax cross-entropy at the end.

    X (m, n_0); y (m,) integer labels in [0, n_L); weights[l] (n_l, n_{l+1}); biases[l] (1, n_{l+1}).
    loss = -(1/m) sum_i log softmax(Z_L)[i, y_i]; dWs[l], dbs[l] have the shapes of weights[l], biases[l].
    """
    m = X.shape[0]
    activations = [X]  # A_0 .. A_{L-1}: the input of each layer
    pre_activations = []
    for index, (W, b) in enumerate(zip(weights, biases)):
        Z = activations[-1] @ W + b
        pre_activations.append(Z)
        if index < len(weights) - 1:
            activations.append(np.maximum(Z, 0.0))
    logits = pre_activations[-1]
    shifted = logits - logits.max(axis=1, keepdims=True)  # softmax is shift-invariant; this keeps exp finite
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(m)
    loss = float(-log_probs[rows, y].mean())

    dZ = np.exp(log_probs)
    dZ[rows, y] -= 1.0
    dZ /= m  # dL/dZ_L = (softmax - one_hot(y)) / m
    dWs, dbs = [None] * len(weights), [None] * len(weights)
    for index in range(len(weights) - 1, -1, -1):
        dWs[index] = activations[index].T @ dZ
        dbs[index] = dZ.sum(axis=0, keepdims=True)
        if index > 0:
            # relu'(0) = 0, as in PyTorch.
            dZ = (dZ @ weights[index].T) * (pre_activations[index - 1] > 0)
    return loss, dWs, dbs
