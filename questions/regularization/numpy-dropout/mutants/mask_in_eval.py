import numpy as np


def dropout_forward(x, mask, p, training):
    return x * mask / (1 - p)


def dropout_backward(dy, mask, p, training):
    return dy * mask / (1 - p)
