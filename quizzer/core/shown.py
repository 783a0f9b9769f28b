"""What a visible test shows: its calls with their inputs, what the reference observed, what the submission did.

As text, one line per call or observation: small arrays in full, large ones
summarised (shape, dtype, the corners). Values the submission sent are numbers
and arrays as the wire decoded them; any text among them (a string it
returned, a type name) is shown by `repr`, so no control character of its
making reaches a terminal.
"""

from __future__ import annotations

import numpy as np

from quizzer.core import promises
from quizzer.core.suite import Test
from quizzer.sandbox.protocol import ArraySubclass, Fn, Opaque, Ref, Rng, TensorData

FULL = 24  # arrays of at most this many entries are shown in full
LINE = 600  # characters one shown value may take before its container is summarised


def value(item: object, depth: int = 0) -> str:
    """One value as text (containers nested deeper than a few levels as `...`)."""
    kind = type(item)
    if depth > 6:
        return "..."
    if kind is np.ndarray:
        return _array(item)
    if kind is TensorData:
        return "tensor " + _array(item.array)
    if kind is ArraySubclass:
        return f"{item.type_name[:60]!r} (an ndarray subclass) {_array(item.array)}"
    if kind is Opaque:
        return f"<{item.type_name[:60]!r} object>"
    if kind is Ref:
        return item.name
    if kind is Rng:
        return f"np.random.default_rng({item.seed})"
    if kind is Fn:
        return f"<test function {item.name}>"
    if kind in (list, tuple):
        inner = ", ".join(value(v, depth + 1) for v in item[:100]) + (", ..." if len(item) > 100 else "")
        if len(inner) > LINE:
            inner = f"{len(item)} items: " + ", ".join(_brief(v) for v in item[:8]) + (", ..." if len(item) > 8 else "")
        return f"[{inner}]" if kind is list else f"({inner}{',' if len(item) == 1 else ''})"
    if kind is dict:
        return "{" + ", ".join(f"{k!r}: {value(v, depth + 1)}" for k, v in list(item.items())[:50]) + "}"
    if isinstance(item, np.generic):
        return repr(item.item())
    if kind is str:
        return repr(item[:200])
    return repr(item) if kind in (bool, int, float, type(None)) else f"<{kind.__name__}>"


def _brief(item: object) -> str:
    if type(item) is np.ndarray:
        return f"array{item.shape}"
    return value(item) if len(value(item)) < 40 else f"<{type(item).__name__}>"


def _array(array: np.ndarray) -> str:
    if array.size <= FULL:
        text = np.array2string(array, precision=6, separator=", ", max_line_width=100)
        return " ".join(line.strip() for line in text.splitlines()) if array.ndim > 1 else text
    corners = np.array2string(array, precision=4, separator=", ", threshold=0, edgeitems=2, max_line_width=10_000).replace("\n", " ")
    return f"array of shape {array.shape}, {array.dtype}: {corners}"


def inputs(test: Test, entries) -> str:
    """Every step of a test as the call it is, its arguments named."""
    lines = []
    for step in test.steps:
        op = step["op"]
        if op == "new":
            lines.append(f"{step['as']} = {step['cls']}({_arguments(test, step, entries)})")
        elif op == "call":
            lines.append(f"{step['fn']}({_arguments(test, step, entries)})")
        elif op == "set":
            lines += [f"{step['obj']}.{name} = {value(item)}" for name, item in step["attrs"].items()]
        elif op == "seed":
            lines.append(f"torch.manual_seed({step['seed']})")
    return "\n".join(lines)


def _arguments(test: Test, step: dict, entries) -> str:
    names = promises.parameter_names(entries, test, step)
    parts = [f"{names[i]}={value(item)}" if i < len(names) else value(item) for i, item in enumerate(step.get("args", []))]
    parts += [f"{key}={value(item)}" for key, item in step.get("kwargs", {}).items()]
    return ", ".join(parts)


def observations(test: Test, observed: list[dict], entries) -> str:
    """A test's observations (the reference's or the submission's), one line per output."""
    lines = []
    for step, observation in zip(test.observing_steps(), observed):
        label = step.get("label") or ("reading " + ", ".join(step.get("attrs", [])))
        names = step.get("names")
        for key, item in observation.items():
            if key == "result" and names and type(item) in (tuple, list) and len(item) == len(names):
                lines += [f"{label}: {name} = {value(part)}" for name, part in zip(names, item)]
            elif key == "result":
                lines.append(f"{label}: {value(item)}")
            elif key.startswith("arg") and key[3:].isdigit():
                params = promises.parameter_names(entries, test, step)
                index = int(key[3:])
                lines.append(f"{params[index] if index < len(params) else key} after {label}: {value(item)}")
            else:  # an attribute; a key the submission made up is shown quoted
                lines.append(f"{label}: {key if key.isidentifier() else repr(key[:60])} = {value(item)}")
    return "\n".join(lines)
