"""Comparing what a submission returned with what the reference returned.

Strict where interviews are strict: shapes and dtypes must match exactly (a
`(n,)` is never broadcast into `(n, 1)`), NaN or inf where the reference has
none is wrong. Kind in what it says: every output that differs, each by its
name, with the worst place in it. The tolerance is the question's, stated
once by whoever prints the verdict. Never prints the inputs.
"""

from __future__ import annotations

import numpy as np

from quizzer.sandbox.protocol import ArraySubclass, Opaque, Ref, TensorData


def describe(value: object) -> str:
    """A short description of a value's type and shape, never its contents."""
    if type(value) is np.ndarray:
        return f"array of shape {value.shape}, dtype {value.dtype}"
    if isinstance(value, ArraySubclass):
        return f"{value.type_name} (an ndarray subclass)"
    if isinstance(value, Opaque):
        return value.type_name
    if isinstance(value, TensorData):
        return f"tensor of shape {value.array.shape}, dtype {value.array.dtype}"
    if isinstance(value, np.generic):
        return f"NumPy scalar {value.dtype}"
    if value is None:
        return "None"
    return type(value).__name__


def _is_real(value: object) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))) and type(value) not in (
        ArraySubclass,
    )


def _index(flat: int, shape: tuple[int, ...]) -> str:
    index = np.unravel_index(flat, shape)
    if len(shape) == 2:
        return f"row {index[0]}, column {index[1]}"
    return f"index {tuple(int(i) for i in index)}"


def compare_arrays(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float) -> str | None:
    """Why `got` differs from `expected` (same type already), or None."""
    if got.shape != expected.shape:
        return f"shape {got.shape}, expected {expected.shape}"
    if got.dtype != expected.dtype:
        return f"dtype {got.dtype}, expected {expected.dtype}"
    if expected.size == 0:
        return None
    if expected.dtype.kind in "fc":
        with np.errstate(invalid="ignore", over="ignore"):
            return _compare_floats(expected, got, rtol, atol)
    if not np.array_equal(got, expected):
        where = int(np.flatnonzero(got != expected)[0])
        return f"wrong value at {_index(where, got.shape)}"
    return None


def _compare_floats(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float) -> str | None:
    bad_got = ~np.isfinite(got)
    if np.any(bad_got & np.isfinite(expected)):
        where = int(np.flatnonzero(bad_got & np.isfinite(expected))[0])
        return f"{'NaN' if np.isnan(got.flat[where]) else 'inf'} at {_index(where, got.shape)}, where the answer is finite"
    # Same non-finite values in the same places are fine; compare the rest.
    same_nonfinite = bad_got & ~np.isfinite(expected) & ((got == expected) | (np.isnan(got) & np.isnan(expected)))
    diff = np.where(same_nonfinite, 0.0, np.abs(got - expected))
    allowed = atol + rtol * np.abs(np.where(same_nonfinite, 0.0, expected))
    if np.any(~np.isfinite(diff)) or np.any(diff > allowed):
        where = int(np.argmax(np.where(np.isfinite(diff), diff - allowed, np.inf)))
        worst = float(np.max(np.where(np.isfinite(diff), diff, np.inf)))
        return f"max abs error {worst:.1e} at {_index(where, got.shape)}"
    return None


def compare(expected: object, got: object, rtol: float, atol: float) -> str | None:
    """Why `got` is not an acceptable answer where `expected` is right, or None."""
    if isinstance(got, ArraySubclass):
        return f"returned {describe(got)}; return a plain numpy.ndarray"
    if isinstance(expected, TensorData):
        if not isinstance(got, TensorData):
            return f"returned {describe(got)}, expected a torch tensor"
        return compare_arrays(expected.array, got.array, rtol, atol)
    if type(expected) is np.ndarray:
        if type(got) is not np.ndarray:
            return f"returned {describe(got)}, expected {describe(expected)}"
        return compare_arrays(expected, got, rtol, atol)
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return f"returned {describe(got)}, expected a {type(expected).__name__} of {len(expected)}"
        if len(got) != len(expected):
            return f"returned {len(got)} values, expected {len(expected)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            problem = compare(e, g, rtol, atol)
            if problem:
                return f"item {i}: {problem}"
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"returned {describe(got)}, expected a dict"
        if set(got) != set(expected):
            return f"keys {sorted(got)}, expected {sorted(expected)}"
        for key in expected:
            problem = compare(expected[key], got[key], rtol, atol)
            if problem:
                return f"{key!r}: {problem}"
        return None
    if isinstance(expected, (bool, np.bool_)) or expected is None or isinstance(expected, (str, Ref)):
        if type(got) is not type(expected) and not (isinstance(expected, (bool, np.bool_)) and isinstance(got, (bool, np.bool_))):
            return f"returned {describe(got)}, expected {describe(expected)}"
        return None if got == expected else "wrong value"
    if _is_real(expected):
        if not _is_real(got):
            return f"returned {describe(got)}, expected a number"
        e, g = float(expected), float(got)
        if not np.isfinite(g) and np.isfinite(e):
            return f"{g} where the answer is finite"
        if not (abs(g - e) <= atol + rtol * abs(e) or (g == e) or (np.isnan(e) and np.isnan(g))):
            return f"abs error {abs(g - e):.1e}"
        return None
    return f"cannot compare a {describe(expected)}"


def compare_observation(
    expected: dict, got: dict, label: str, names: tuple[str, ...] | None, rtol: float, atol: float, arg_names: list[str] = ()
) -> list[str]:
    """Every output of one step's observation that differs, each named by output (`names`), argument (`arg_names`) or attribute."""
    if set(got) != set(expected):
        return [f"{label}: observed {sorted(got)}, expected {sorted(expected)}"]
    problems = []
    for key in expected:
        e, g = expected[key], got[key]
        if key == "result" and names and isinstance(e, (tuple, list)) and isinstance(g, (tuple, list)) and len(e) == len(g) == len(names):
            for name, e_item, g_item in zip(names, e, g):
                problem = compare(e_item, g_item, rtol, atol)
                if problem:
                    problems.append(f"{name}: {problem}")
            continue
        problem = compare(e, g, rtol, atol)
        if problem:
            if key == "result":
                prefix = label
            elif key.startswith("arg"):
                index = int(key[3:])
                prefix = f"{arg_names[index] if index < len(arg_names) else f'argument {index}'} after {label}"
            else:  # an attribute read by `get`; its label says when, e.g. "after backward"
                prefix = f"{key} {label}".strip()
            problems.append(f"{prefix}: {problem}")
    return problems
