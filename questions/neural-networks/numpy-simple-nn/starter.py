import numpy as np


class SimpleNN:
    """A two-layer sigmoid network; rows of X are examples.

    W1 (input_size, hidden_size), b1 (1, hidden_size), W2 (hidden_size, output_size), b2 (1, output_size).
    """

    def __init__(self, input_size, hidden_size, output_size):
        # TODO: small random weights, zero biases
        self.W1 = None
        self.b1 = None
        self.W2 = None
        self.b2 = None

    def forward(self, X):
        """Return a2 = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2), shape (m, output_size)."""
        # TODO: keep what backward needs
        raise NotImplementedError

    def backward(self, X, y, learning_rate=0.1):
        """One gradient-descent step on binary cross-entropy averaged over the m rows (after forward(X))."""
        # TODO: gradients first, then update W1, b1, W2, b2 in place
        raise NotImplementedError
