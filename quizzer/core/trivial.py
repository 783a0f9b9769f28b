"""Trivial answers every question's tests must reject, made from the reference's own observations.

For each output the tests observe (a function's result or one of its named
outputs, an argument it updates, an attribute read after a step), the
reference's values are replaced by something of the same shape and dtype
that no right answer gives: all zeros, random numbers, the call's own input
echoed back (where an input has that shape and dtype), or the right values
nudged just past the question's tolerance. The suite's own comparisons and
checks then judge those observations, on every seed: an output whose
trivial stand-in passes every test on some seed is an output the tests do
not really look at. Nothing runs in a sandbox: this is the judge grading
made-up observations.
"""

from __future__ import annotations

import numpy as np

from quizzer.core.judge import Plan, Report, observation_problems
from quizzer.core.task import JudgeTask
from quizzer.sandbox.protocol import TensorData

KINDS = ("all zeros", "random", "the input echoed back", "nudged past the tolerance")


def problems(task: JudgeTask, plans: list[Plan]) -> list[str]:
    """Every (output, kind of trivial answer) that some seed's tests accept, as one message each."""
    found = []
    for slot in _slots(plans[0]):
        for kind in KINDS:
            lucky = [plan.seed for plan in plans if _accepted(task, plan, slot, kind)]
            if lucky:
                found.append(f"`{_name(slot)}` replaced by {kind} passes every test on seed(s) {', '.join(map(str, lucky))}")
    return found


def _slots(plan: Plan) -> list[tuple]:
    """Each output the tests observe: (what is called or read, the observation's key, the named output's index)."""
    slots = []
    for test, observed in zip(plan.tests, plan.expected):
        for step, observation in zip(test.observing_steps(), observed):
            for key, value in observation.items():
                names = step.get("names")
                parts = range(len(names)) if key == "result" and names and type(value) in (tuple, list) and len(value) == len(names) else [None]
                for part in parts:
                    slot = (_callee(step), key, part, names[part] if part is not None else None)
                    if slot not in slots:
                        slots.append(slot)
    return slots


def _callee(step: dict) -> str:
    return step["fn"].rpartition(".")[2] if step["op"] == "call" else "get"


def _name(slot: tuple) -> str:
    callee, key, _, output = slot
    if output is not None:
        return f"{callee}: {output}"
    if key == "result":
        return f"{callee}'s result"
    if key.startswith("arg"):
        return f"argument {key[3:]} after {callee}"
    return key


def _accepted(task: JudgeTask, plan: Plan, slot: tuple, kind: str) -> bool:
    """Whether every test of the plan passes with this slot's values replaced (False when the kind does not apply)."""
    rng = np.random.default_rng(plan.seed)  # a random answer of its own on each seed
    replaced_any = False
    for test, expected in zip(plan.tests, plan.expected):
        observations = []
        for step, observation in zip(test.observing_steps(), expected):
            changed = dict(observation)
            if _callee(step) == slot[0] and slot[1] in observation:
                inputs = _inputs(step)
                value = observation[slot[1]]
                if slot[2] is None:
                    new = _replace(value, kind, task, rng, inputs)
                else:
                    parts = list(value)
                    parts[slot[2]] = _replace(parts[slot[2]], kind, task, rng, inputs)
                    new = type(value)(parts)
                replaced_any = replaced_any or not _same(new, value)
                changed[slot[1]] = new
            observations.append(changed)
        if observation_problems(test, expected, Report(None, observations, []), task):
            return False
    return replaced_any


def _inputs(step: dict) -> list[np.ndarray]:
    arrays: list[np.ndarray] = []

    def walk(value):
        if type(value) is np.ndarray:
            arrays.append(value)
        elif type(value) in (list, tuple):
            for item in value:
                walk(item)
        elif type(value) is dict:
            for item in value.values():
                walk(item)

    walk(step.get("args", []))
    walk(step.get("kwargs", {}))
    return arrays


def _replace(value, kind: str, task: JudgeTask, rng, inputs: list[np.ndarray]):
    """`value` with every number in it replaced as `kind` says (containers kept)."""
    if type(value) in (list, tuple):
        return type(value)(_replace(v, kind, task, rng, inputs) for v in value)
    if type(value) is dict:
        return {k: _replace(v, kind, task, rng, inputs) for k, v in value.items()}
    if type(value) is np.ndarray:
        return _array(value, kind, task, rng, inputs)
    if type(value) is TensorData:
        return TensorData(_array(value.array, kind, task, rng, inputs))
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return value
    array = _array(np.asarray(value), kind, task, rng, [])
    return type(value)(array.item()) if type(value) in (int, float) else array[()]


def _array(value: np.ndarray, kind: str, task: JudgeTask, rng, inputs: list[np.ndarray]) -> np.ndarray:
    if value.dtype.kind not in "biuf":
        return value
    if kind == "all zeros":
        return np.zeros_like(value)
    if kind == "random":
        if value.dtype.kind == "b":
            return rng.random(value.shape) < 0.5
        if value.dtype.kind in "iu":
            return rng.integers(0, 4, value.shape).astype(value.dtype)
        return rng.standard_normal(value.shape).astype(value.dtype)
    if kind == "the input echoed back":
        return next((array.copy() for array in inputs if array.shape == value.shape and array.dtype == value.dtype), value)
    if value.dtype.kind == "b":
        return ~value
    if value.dtype.kind in "iu":
        return value + 1
    step = np.maximum(2 * (task.atol + task.rtol * np.abs(value)), 4 * np.spacing(np.abs(value).astype(value.dtype)))
    return np.where(np.isfinite(value), value + step.astype(value.dtype), value).astype(value.dtype)


def _same(a, b) -> bool:
    if type(a) in (list, tuple):
        return type(b) in (list, tuple) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return type(b) is dict and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if type(a) is TensorData:
        return type(b) is TensorData and _same(a.array, b.array)
    if type(a) is np.ndarray:
        return type(b) is np.ndarray and a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()
    return type(a) is type(b) and (a == b or (a != a and b != b))
