import math

import numpy as np


def fans(shape):
    """(fan_in, fan_out) for a weight of shape (fan_out, fan_in, *kernel), as ints."""
    # TODO: multiply both fans by the receptive field prod(shape[2:])
    raise NotImplementedError


def xavier_uniform(shape, rng, gain=1.0):
    """rng.uniform(-b, b, size=shape) with b = gain * sqrt(6 / (fan_in + fan_out))."""
    raise NotImplementedError


def xavier_normal(shape, rng, gain=1.0):
    """rng.normal(0.0, s, size=shape) with s = gain * sqrt(2 / (fan_in + fan_out))."""
    raise NotImplementedError


def kaiming_uniform(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """rng.uniform(-b, b, size=shape) with b = sqrt(3) * gain / sqrt(fan)."""
    raise NotImplementedError


def kaiming_normal(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """rng.normal(0.0, s, size=shape) with s = gain / sqrt(fan)."""
    raise NotImplementedError
