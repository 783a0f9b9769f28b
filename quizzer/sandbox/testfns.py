"""Trusted scalar test functions that suites hand to submissions as arguments (`Fn(name, **params)`).

A function cannot travel as data; its name and parameters can. Each side (the judge running the
reference, the sandboxed child running the submission) builds the same closure from this registry,
e.g. for a numerical-gradient question. Every function maps a float64 array `x` to a Python float.

Imports nothing of quizzer: the sandboxed child uses it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def _quadratic(x, A, b):
    """0.5 x.A x + b.x for a vector x."""
    return float(0.5 * x @ (A @ x) + b @ x)


def _log_sum_exp(x):
    """log(sum(exp(x))) over every entry, max-shifted."""
    top = np.max(x)
    return float(top + np.log(np.sum(np.exp(x - top))))


def _sin_cubic(x, w):
    """sum(w * sin(x) + x^3 / 3): curvature that changes with x."""
    return float(np.sum(w * np.sin(x) + x**3 / 3.0))


def _softmax_cross_entropy(W, X, y):
    """Mean softmax cross-entropy of the logits X @ W against integer labels y (W is the variable)."""
    logits = X @ W
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), y].mean())


REGISTRY: dict[str, Callable[..., float]] = {
    "quadratic": _quadratic,
    "log_sum_exp": _log_sum_exp,
    "sin_cubic": _sin_cubic,
    "softmax_cross_entropy": _softmax_cross_entropy,
}


def build(name: str, params: dict) -> Callable[[np.ndarray], float]:
    """The function `name` with its parameters bound: f(x) -> float."""
    function = REGISTRY[name]

    def f(x):
        return function(np.asarray(x, dtype=np.float64), **params)

    f.__name__ = f.__qualname__ = name
    return f
