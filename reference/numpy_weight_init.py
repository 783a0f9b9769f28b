"""Reference: Xavier/Glorot and He/Kaiming initialisers with torch.nn.init's formulas (float64).

Shapes follow torch's weight layout: (fan_out, fan_in) for a dense layer, (out_channels,
in_channels, *kernel) for a convolution. Each initialiser makes exactly one draw from `rng`.
"""

import math

import numpy as np


def fans(shape):
    """(fan_in, fan_out) of a weight of this shape, as torch.nn.init computes them."""
    if len(shape) < 2:
        raise ValueError("fan_in and fan_out need a shape with at least 2 dimensions")
    receptive_field = math.prod(shape[2:])  # 1 for a dense layer
    return shape[1] * receptive_field, shape[0] * receptive_field


def _kaiming_std(shape, a, mode, nonlinearity):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', not {mode!r}")
    gains = {"linear": 1.0, "relu": math.sqrt(2.0), "leaky_relu": math.sqrt(2.0 / (1.0 + a * a))}
    if nonlinearity not in gains:
        raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")
    fan_in, fan_out = fans(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    return gains[nonlinearity] / math.sqrt(fan)


def xavier_uniform(shape, rng, gain=1.0):
    """U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)), drawn as rng.uniform(-b, b, size=shape)."""
    fan_in, fan_out = fans(shape)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=shape)


def xavier_normal(shape, rng, gain=1.0):
    """N(0, s^2) with s = gain * sqrt(2 / (fan_in + fan_out)), drawn as rng.normal(0.0, s, size=shape)."""
    fan_in, fan_out = fans(shape)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=shape)


def kaiming_uniform(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """U(-b, b) with b = sqrt(3) * gain / sqrt(fan), drawn as rng.uniform(-b, b, size=shape)."""
    bound = math.sqrt(3.0) * _kaiming_std(shape, a, mode, nonlinearity)
    return rng.uniform(-bound, bound, size=shape)


def kaiming_normal(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """N(0, s^2) with s = gain / sqrt(fan), drawn as rng.normal(0.0, s, size=shape)."""
    std = _kaiming_std(shape, a, mode, nonlinearity)
    return rng.normal(0.0, std, size=shape)
