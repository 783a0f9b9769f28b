"""Reference: the seed's two-layer sigmoid network, one step of gradient descent on binary cross-entropy (float64)."""

import numpy as np


def sigmoid(x):
    # Split by sign so neither branch overflows in exp.
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-x[positive]))
    exp_x = np.exp(x[~positive])
    out[~positive] = exp_x / (1.0 + exp_x)
    return out


class SimpleNN:
    """input -> sigmoid hidden layer -> sigmoid output; rows of X are examples.

    W1 (input_size, hidden_size), b1 (1, hidden_size), W2 (hidden_size, output_size), b2 (1, output_size).
    """

    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(input_size, hidden_size) * 0.01
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size) * 0.01
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        """a2 = sigmoid(sigmoid(X W1 + b1) W2 + b2), shape (m, output_size); caches what backward needs."""
        self.z1 = X @ self.W1 + self.b1
        self.a1 = sigmoid(self.z1)
        self.z2 = self.a1 @ self.W2 + self.b2
        self.a2 = sigmoid(self.z2)
        return self.a2

    def backward(self, X, y, learning_rate=0.1):
        """One descent step on L = -(1/m) sum_i sum_k [y log a2 + (1 - y) log(1 - a2)], after forward(X)."""
        m = X.shape[0]
        # With a sigmoid output, dL/dz2 of BCE collapses to (a2 - y) per row: the sigmoid' cancels.
        dz2 = (self.a2 - y) / m
        dW2 = self.a1.T @ dz2
        db2 = dz2.sum(axis=0, keepdims=True)
        dz1 = (dz2 @ self.W2.T) * self.a1 * (1.0 - self.a1)  # uses W2 before its update
        dW1 = X.T @ dz1
        db1 = dz1.sum(axis=0, keepdims=True)
        self.W2 -= learning_rate * dW2
        self.b2 -= learning_rate * db2
        self.W1 -= learning_rate * dW1
        self.b1 -= learning_rate * db1
