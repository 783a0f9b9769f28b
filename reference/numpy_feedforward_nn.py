"""Reference: the seed's practice-question network, with the seed's update exactly (float64).

The update `W += X^T (2 (y - out) * out (1 - out)) ...` is one step of gradient
descent with learning rate 1 on the sum (not the mean) of squared errors
L = sum((y - output)^2) over all rows: -dL/dW, added.
"""

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


def sigmoid_derivative(s):
    """sigma'(z) written in terms of the activation s = sigma(z)."""
    return s * (1.0 - s)


class NeuralNetwork:
    """x (m, n_features) -> 4 sigmoid units -> 1 sigmoid output; no biases."""

    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.y = y
        self.output = np.zeros(y.shape)

    def feedforward(self):
        """Sets self.layer1 (m, 4) and self.output (m, 1)."""
        self.layer1 = sigmoid(self.input @ self.weights1)
        self.output = sigmoid(self.layer1 @ self.weights2)

    def backprop(self):
        """weights += -dL/dweights for L = sum((y - output)^2); needs feedforward() first."""
        delta2 = 2.0 * (self.y - self.output) * sigmoid_derivative(self.output)
        d_weights2 = self.layer1.T @ delta2
        # weights2 before its update: both gradients belong to the same point.
        d_weights1 = self.input.T @ ((delta2 @ self.weights2.T) * sigmoid_derivative(self.layer1))
        self.weights1 += d_weights1
        self.weights2 += d_weights2
