import numpy as np


def softmax(x, axis=-1):
    """Softmax of the float64 array `x` along `axis`; same shape as x, each slice sums to 1.

    Must stay finite for huge (1e4) and tiny (-1e4) logits. Do not modify x.
    """
    # TODO: make it numerically stable
    raise NotImplementedError


def log_softmax(x, axis=-1):
    """log(softmax(x)) along `axis`, computed without taking the log of a probability that underflowed."""
    # TODO
    raise NotImplementedError
