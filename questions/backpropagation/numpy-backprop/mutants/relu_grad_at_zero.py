import numpy as np


def relu(z):
    return np.maximum(0, z)


def softmax(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def mlp_backward(X, y, weights, biases):
    m = X.shape[0]
    L = len(weights)
    A = X
    cache = []
    for l in range(L):
        Z = A @ weights[l] + biases[l]
        cache.append((A, Z))
        A = relu(Z) if l < L - 1 else Z
    logits = cache[-1][1]
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(m), y])
    Y = np.eye(weights[-1].shape[1])[y]
    dZ = (softmax(logits) - Y) / m
    dWs = [None] * L
    dbs = [None] * L
    for l in reversed(range(L)):
        A_prev, Z = cache[l]
        dWs[l] = A_prev.T @ dZ
        dbs[l] = np.sum(dZ, axis=0, keepdims=True)
        if l > 0:
            dA = dZ @ weights[l].T
            dZ = dA * (cache[l - 1][1] >= 0)
    return loss, dWs, dbs
