import numpy as np


def dropout_forward(x, mask, p, training):
    if training:
        x *= mask / (1 - p)
        return x
    return x


def dropout_backward(dy, mask, p, training):
    if training:
        return dy * mask / (1 - p)
    return dy
