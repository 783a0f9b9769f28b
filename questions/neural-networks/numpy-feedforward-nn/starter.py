import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(s):
    """sigma'(z) written with the activation s = sigmoid(z)."""
    # TODO
    raise NotImplementedError


class NeuralNetwork:
    """x (m, n_features) -> 4 sigmoid units -> 1 sigmoid output, no biases."""

    def __init__(self, x, y):
        self.input = x
        self.y = y
        # TODO: weights1 (n_features, 4) and weights2 (4, 1), random in [0, 1); output as zeros like y
        self.weights1 = None
        self.weights2 = None
        self.output = None

    def feedforward(self):
        """Set self.layer1 and self.output."""
        # TODO
        raise NotImplementedError

    def backprop(self):
        """weights += the interview notes' increments, both computed before either is added."""
        # TODO
        raise NotImplementedError
