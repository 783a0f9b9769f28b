import numpy as np


def softmax(s):
    e = np.exp(s - np.max(s, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def train_step(params, x, y, lr):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    m = x.shape[0]
    z1 = x @ W1 + b1
    h = np.maximum(z1, 0)
    s = h @ W2 + b2
    shifted = s - np.max(s, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -np.mean(log_p[np.arange(m), y])

    ds = softmax(s)
    ds[np.arange(m), y] -= 1
    ds /= m
    dW2 = h.T @ ds
    db2 = ds.sum(axis=0)
    dh = ds @ W2.T
    dz1 = dh
    dW1 = x.T @ dz1
    db1 = dz1.sum(axis=0)

    params["W1"] = W1 - lr * dW1
    params["b1"] = b1 - lr * db1
    params["W2"] = W2 - lr * dW2
    params["b2"] = b2 - lr * db2
    return float(loss)
