"""Tests for numpy-activations: each activation and its derivative alone, zeros, extremes, shapes."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ["sigmoid", "tanh", "relu", "leaky_relu", "gelu"]
EXAMPLE = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])


def _pair(test, name, x, slope=None, tag=""):
    """Observe name(x) and name_grad(x) (slope passed positionally when given)."""
    extra = () if slope is None else (slope,)
    where = "" if slope is None else f", slope={slope}"
    test.call(name, x, *extra, label=f"{name}(x{where}){tag}")
    test.call(f"{name}_grad", x, *extra, label=f"{name}_grad(x{where}){tag}")


def _with_zeros(rng, shape, scale=3.0):
    x = rng.standard_normal(shape) * scale
    x.flat[:: 3] = 0.0  # the kink of ReLU and leaky ReLU: conventions are tested here
    return x


def _finite(observations):
    for observed in observations:
        value = observed.get("result")
        if not isinstance(value, np.ndarray) or not np.all(np.isfinite(value)):
            return "NaN or inf (or not an array) for finite inputs of magnitude up to 800"
    return None


def tests(rng):
    visible = []
    for name in NAMES:
        test = Test(f"example: {name} and {name}_grad at -2, -0.5, 0, 0.5, 2", visible=True)
        _pair(test, name, EXAMPLE.copy(), slope=0.1 if name == "leaky_relu" else None)
        visible.append(test)

    hidden = []
    for name in NAMES:
        for shape in [(1,), (4, 6), (2, 3, 5)]:
            test = Test(f"{name}: shape {shape}, with exact zeros")
            _pair(test, name, _with_zeros(rng, shape))
            hidden.append(test)
        test = Test(f"{name}: large magnitudes (up to 800)")
        x = rng.choice([-1.0, 1.0], size=(3, 8)) * rng.uniform(20.0, 800.0, size=(3, 8))
        _pair(test, name, x)
        hidden.append(test)
    for slope in [0.2, 0.0, 1.5]:
        test = Test(f"leaky_relu: slope {slope} passed positionally")
        _pair(test, "leaky_relu", _with_zeros(rng, (5, 4)), slope=slope)
        hidden.append(test)
    test = Test("leaky_relu: default slope is 0.01")
    _pair(test, "leaky_relu", _with_zeros(rng, (3, 3)))
    hidden.append(test)

    test = Test("no NaN or inf anywhere for inputs up to +-800", compare=False, check=_finite)
    x = np.concatenate([np.linspace(-800.0, 800.0, 41), [0.0, -745.0, 745.0]])
    for name in NAMES:
        _pair(test, name, x)
    hidden.append(test)
    return visible + hidden
