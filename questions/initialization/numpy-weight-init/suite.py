"""Tests for numpy-weight-init: fans, exact draws for a fixed procedure, and statistics over many draws."""

import math

import numpy as np

from quizzer.core.suite import Rng, Test

STATS_SHAPE = (400, 600)  # 240k draws: the sample std is within ~0.15% of the true std (1 sigma)


def _seed(rng):
    return Rng(int(rng.integers(2**31)))


def _fans(shape):
    # The judge's own formulas, independent of any submission: used only by the statistics checks.
    rf = math.prod(shape[2:])
    return shape[1] * rf, shape[0] * rf


def _uniform_check(bound):
    """Every draw in [-bound, bound], both ends reached, mean ~0 and std ~bound/sqrt(3)."""

    def check(observations):
        w = observations[0]["result"]
        if type(w) is not np.ndarray or w.size < 1000:
            return "expected an array of draws"
        top = float(np.max(np.abs(w)))
        if top > bound:
            return f"a draw has |w| = {top:.4g}, beyond the bound {bound:.4g} the formula gives"
        if top < 0.999 * bound:
            return f"the largest |w| is {top:.4g}: the draws do not fill [-{bound:.4g}, {bound:.4g}]"
        return _moments(w, bound / math.sqrt(3.0))

    return check


def _normal_check(std):
    def check(observations):
        w = observations[0]["result"]
        if type(w) is not np.ndarray or w.size < 1000:
            return "expected an array of draws"
        return _moments(w, std)

    return check


def _moments(w, std):
    mean, sample_std = float(np.mean(w)), float(np.std(w))
    if abs(mean) > 6 * std / math.sqrt(w.size):
        return f"the mean of {w.size} draws is {mean:.3g}, too far from 0"
    if abs(sample_std / std - 1) > 0.02:
        return f"the std of {w.size} draws is {sample_std:.4g}; the formula gives {std:.4g}"
    return None


def _kaiming_std(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    gain = {"linear": 1.0, "relu": math.sqrt(2.0), "leaky_relu": math.sqrt(2.0 / (1 + a * a))}[nonlinearity]
    fan_in, fan_out = _fans(shape)
    return gain / math.sqrt(fan_in if mode == "fan_in" else fan_out)


def _draw(test, fn, shape, seed, **kwargs):
    options = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    test.call(fn, shape, seed, label=f"{fn}({shape}, rng{', ' + options if options else ''})", **kwargs)


def _visible():
    first = Test("example: fans and xavier_uniform of a (3, 5) dense weight", visible=True)
    first.call("fans", (3, 5), label="fans((3, 5))", names=("fan_in", "fan_out"))
    _draw(first, "xavier_uniform", (3, 5), Rng(0))
    second = Test("example: kaiming_normal of a (4, 3, 3, 3) conv weight, fan_out, relu", visible=True)
    second.call("fans", (4, 3, 3, 3), label="fans((4, 3, 3, 3))", names=("fan_in", "fan_out"))
    _draw(second, "kaiming_normal", (4, 3, 3, 3), Rng(1), mode="fan_out", nonlinearity="relu")
    return [first, second]


def tests(rng):
    hidden = []
    test = Test("fans of dense and conv shapes (non-square, 1-D and 2-D kernels)")
    for shape in [(7, 3), (3, 7), (1, 1), (16, 8, 3, 3), (5, 2, 4), (6, 4, 1, 2, 3)]:
        test.call("fans", shape, label=f"fans({shape})", names=("fan_in", "fan_out"))
    hidden.append(test)

    for shape in [(1, 9), (9, 1), (6, 10), (32, 16)]:
        test = Test(f"dense {shape}: all four initialisers, default arguments")
        for fn in ["xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal"]:
            _draw(test, fn, shape, _seed(rng))
        hidden.append(test)

    test = Test("xavier with a gain (tanh's 5/3, relu's sqrt 2)")
    _draw(test, "xavier_uniform", (5, 8), _seed(rng), gain=5.0 / 3.0)
    _draw(test, "xavier_normal", (8, 5), _seed(rng), gain=math.sqrt(2.0))
    hidden.append(test)

    for mode in ["fan_in", "fan_out"]:
        test = Test(f"kaiming, mode={mode}, relu, non-square dense and conv weights")
        for shape in [(12, 5), (8, 3, 5, 5)]:
            for fn in ["kaiming_uniform", "kaiming_normal"]:
                _draw(test, fn, shape, _seed(rng), mode=mode, nonlinearity="relu")
        hidden.append(test)

    test = Test("kaiming with leaky_relu (a=0.2) and linear")
    _draw(test, "kaiming_uniform", (10, 4), _seed(rng), a=0.2, nonlinearity="leaky_relu")
    _draw(test, "kaiming_normal", (4, 10), _seed(rng), a=0.2, mode="fan_out", nonlinearity="leaky_relu")
    _draw(test, "kaiming_normal", (6, 7), _seed(rng), nonlinearity="linear")
    hidden.append(test)

    test = Test("conv weights: xavier uses the receptive field in both fans")
    _draw(test, "xavier_uniform", (16, 3, 3, 3), _seed(rng))
    _draw(test, "xavier_normal", (4, 6, 5), _seed(rng))
    hidden.append(test)

    # Statistics over many draws, judged on the submission's own values against the formulas.
    shape = STATS_SHAPE
    fan_in, fan_out = _fans(shape)
    stats = [
        ("xavier_uniform", {}, _uniform_check(math.sqrt(6.0 / (fan_in + fan_out)))),
        ("xavier_normal", {"gain": 2.0}, _normal_check(2.0 * math.sqrt(2.0 / (fan_in + fan_out)))),
        ("kaiming_uniform", {"nonlinearity": "relu"}, _uniform_check(math.sqrt(3.0) * _kaiming_std(shape, nonlinearity="relu"))),
        ("kaiming_normal", {"mode": "fan_out", "nonlinearity": "relu"}, _normal_check(_kaiming_std(shape, mode="fan_out", nonlinearity="relu"))),
    ]
    for fn, kwargs, check in stats:
        test = Test(f"statistics of {shape[0] * shape[1]} draws of {fn}: bounds, mean and std", compare=False, check=check)
        _draw(test, fn, shape, _seed(rng), **kwargs)
        hidden.append(test)

    test = Test("the generator passed in is the only source of randomness", compare=False, check=_same_draws)
    seed = _seed(rng)
    _draw(test, "kaiming_normal", (5, 7), seed)
    _draw(test, "kaiming_normal", (5, 7), seed)
    hidden.append(test)
    return _visible() + hidden


def _same_draws(observations):
    first, second = observations[0]["result"], observations[1]["result"]
    if type(first) is not np.ndarray or type(second) is not np.ndarray or first.shape != second.shape:
        return "expected two arrays of the same shape"
    if not np.array_equal(first, second):
        return "two generators with the same seed gave different weights: draw only from `rng`"
    return None
