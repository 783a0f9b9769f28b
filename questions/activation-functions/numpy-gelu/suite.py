"""Tests for numpy-gelu: both forms and their derivatives on a fixed grid, random inputs, shapes, saturation and tiny values."""

import numpy as np

from quizzer.core.suite import Test

EDGES = np.array([0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 0.75, -0.75, 20.0, -20.0, 40.0, -40.0, 1e4, -1e4])


def _both(test, x, approximate=None, tag=""):
    """gelu and gelu_grad of x; `approximate` passed by keyword, or left out (the default) when None."""
    options = {} if approximate is None else {"approximate": approximate}
    where = "" if approximate is None else f", approximate={approximate!r}"
    test.call("gelu", x, label=f"gelu(x{where}){tag}", **options)
    test.call("gelu_grad", x, label=f"gelu_grad(x{where}){tag}", **options)


def tests(rng):
    x = np.array([-3.0, -1.0, 0.0, 0.5, 1.0, 3.0])
    grid = np.linspace(-6.0, 6.0, 1201)
    visible = []
    for name, values in [("example: six points", x), ("example: the grid on [-6, 6]", grid)]:
        test = Test(name, visible=True)
        _both(test, values, "none")
        _both(test, values, "tanh")
        visible.append(test)

    hidden = []
    for approximate in ("none", "tanh"):
        test = Test(f"approximate={approximate!r}: a grid of 161 points on [-8, 8]")
        _both(test, np.linspace(-8.0, 8.0, 161), approximate)
        hidden.append(test)
        test = Test(f"approximate={approximate!r}: random (4, 5), spread 3")
        _both(test, rng.standard_normal((4, 5)) * 3, approximate)
        hidden.append(test)
        test = Test(f"approximate={approximate!r}: a 3-D array (2, 3, 4)")
        _both(test, rng.standard_normal((2, 3, 4)) * 2, approximate)
        hidden.append(test)
        test = Test(f"approximate={approximate!r}: zeros, tiny values, the minimum near -0.75, saturation up to 1e4")
        _both(test, EDGES.copy(), approximate)
        hidden.append(test)
        test = Test(f"approximate={approximate!r}: one element")
        _both(test, rng.standard_normal(1), approximate)
        hidden.append(test)

    test = Test("approximate left at its default: the exact form")
    _both(test, rng.standard_normal(7) * 2)
    hidden.append(test)
    return visible + hidden
