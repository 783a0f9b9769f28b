"""Tests for numpy-grad-check: central differences on four functions, several shapes and steps; relative error."""

import numpy as np

from quizzer.core.suite import Fn, Test


def _quadratic(rng, n):
    return Fn("quadratic", A=rng.standard_normal((n, n)), b=rng.standard_normal(n)), rng.standard_normal(n)


def _sin_cubic(rng, shape):
    return Fn("sin_cubic", w=rng.standard_normal(shape)), rng.standard_normal(shape)


def _cross_entropy(rng, m, n, c):
    f = Fn("softmax_cross_entropy", X=rng.standard_normal((m, n)), y=rng.integers(0, c, size=m))
    return f, rng.standard_normal((n, c))


def _grad(test, case, eps=None, name=""):
    f, x = case
    extra = () if eps is None else (eps,)
    where = "default eps" if eps is None else f"eps={eps:g}"
    test.call("numerical_gradient", f, x, *extra, label=f"numerical_gradient of {name}, {where}")


def tests(rng):
    example = np.random.default_rng(0)
    first = Test("example: f(x) = sum(w * sin(x) + x^3 / 3) on 3 entries, eps=1e-5", visible=True)
    _grad(first, (Fn("sin_cubic", w=np.array([1.0, -1.0, 0.5])), np.array([0.0, 1.0, -2.0])), 1e-5, name="sin_cubic")
    second = Test("example: relative_error and a 2-D cross-entropy gradient", visible=True)
    second.call("relative_error", np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.1]), label="relative_error")
    _grad(second, _cross_entropy(example, 4, 3, 2), 1e-4, name="softmax_cross_entropy")

    hidden = []
    for n, eps in [(1, 1e-4), (5, 1e-5), (3, None)]:
        test = Test(f"quadratic in {n} dimensions")
        _grad(test, _quadratic(rng, n), eps, name="quadratic")
        hidden.append(test)
    for shape, eps in [((4,), 1e-3), ((2, 3), 1e-4), ((2, 2, 3), 1e-5), ((3, 3), None)]:
        test = Test(f"sin_cubic on shape {shape} (every entry perturbed)")
        _grad(test, _sin_cubic(rng, shape), eps, name="sin_cubic")
        hidden.append(test)
    for shape in [(1, 1), (3, 2), (4, 5)]:
        test = Test(f"log_sum_exp on shape {shape}")
        _grad(test, (Fn("log_sum_exp"), rng.standard_normal(shape) * 3.0), 1e-4, name="log_sum_exp")
        hidden.append(test)
    for m, n, c in [(1, 2, 3), (6, 3, 4)]:
        test = Test(f"softmax cross-entropy w.r.t. W of shape ({n}, {c})")
        _grad(test, _cross_entropy(rng, m, n, c), 1e-5, name="softmax_cross_entropy")
        hidden.append(test)

    test = Test("a large step (eps=0.1): the central-difference formula itself, not the limit")
    _grad(test, _sin_cubic(rng, (3, 2)), 0.1, name="sin_cubic")
    _grad(test, _quadratic(rng, 4), 0.1, name="quadratic")
    hidden.append(test)

    test = Test("relative_error on random, scaled, equal and zero gradients")
    a = rng.standard_normal((3, 4))
    for label, b in [("random", rng.standard_normal((3, 4))), ("close", a + 1e-7 * rng.standard_normal((3, 4))), ("scaled by 2", 2.0 * a), ("equal", a.copy())]:
        test.call("relative_error", a, b, label=f"relative_error ({label})")
    test.call("relative_error", np.zeros(3), np.zeros(3), label="relative_error (both zero)")
    test.call("relative_error", np.zeros(3), np.ones(3), label="relative_error (one zero)")
    hidden.append(test)
    return [first, second] + hidden
