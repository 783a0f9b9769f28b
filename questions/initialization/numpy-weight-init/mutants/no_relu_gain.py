import math

import numpy as np


def fans(shape):
    receptive = 1
    for k in shape[2:]:
        receptive *= k
    return shape[1] * receptive, shape[0] * receptive


def _gain(nonlinearity, a):
    if nonlinearity == "relu":
        return 1.0
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0 / (1 + a ** 2))
    return 1.0


def xavier_uniform(shape, rng, gain=1.0):
    fan_in, fan_out = fans(shape)
    b = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-b, b, size=shape)


def xavier_normal(shape, rng, gain=1.0):
    fan_in, fan_out = fans(shape)
    s = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, s, size=shape)


def kaiming_uniform(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    fan_in, fan_out = fans(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    b = math.sqrt(3.0) * _gain(nonlinearity, a) / math.sqrt(fan)
    return rng.uniform(-b, b, size=shape)


def kaiming_normal(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    fan_in, fan_out = fans(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    s = _gain(nonlinearity, a) / math.sqrt(fan)
    return rng.normal(0.0, s, size=shape)
