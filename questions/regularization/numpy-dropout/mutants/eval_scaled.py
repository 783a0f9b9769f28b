import numpy as np


def dropout_forward(x, mask, p, training):
    if training:
        return x * mask / (1 - p)
    return x * (1 - p)


def dropout_backward(dy, mask, p, training):
    if training:
        return dy * mask / (1 - p)
    return dy * (1 - p)
