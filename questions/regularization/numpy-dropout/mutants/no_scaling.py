import numpy as np


def dropout_forward(x, mask, p, training):
    if training:
        return x * mask
    return x


def dropout_backward(dy, mask, p, training):
    if training:
        return dy * mask
    return dy
