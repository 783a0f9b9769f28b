import numpy as np


def mlp_backward(X, y, weights, biases):
    """Loss and gradients of a ReLU MLP with a softmax cross-entropy output, averaged over the batch.

    X: (m, n_0); y: (m,) integer labels in [0, n_L)
    weights[l]: (n_l, n_{l+1}); biases[l]: (1, n_{l+1}); Z_l = A_{l-1} @ W_l + b_l, ReLU between layers
    Returns (loss, dWs, dbs) with dWs[l], dbs[l] shaped like weights[l], biases[l].
    """
    # TODO: forward pass, keeping each layer's input and pre-activation
    # TODO: stable log-softmax and the mean cross-entropy
    # TODO: backward pass from dZ_L = (softmax - one_hot) / m
    raise NotImplementedError
