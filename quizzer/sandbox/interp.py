"""Runs a test's steps against a module: the submission in the child, the reference in the judge.

Both sides run the very same steps through this interpreter, so what the
judge expects and what the child observes are produced the same way.

A step is a dict:
- `{"op": "new", "cls": "SimpleNN", "args": [...], "kwargs": {...}, "as": "net"}`
- `{"op": "call", "fn": "f" or "net.method", "args": [...], "kwargs": {...},
   "observe": bool, "observe_args": [i, ...]}`: observes the result and,
   after the call, the listed positional arguments (for in-place updates)
- `{"op": "set", "obj": "net", "attrs": {"W1": array, ...}}`
- `{"op": "get", "obj": "net", "attrs": ["W1", "dropout.p", ...]}`: observes the attributes (dotted: of attributes)
- `{"op": "seed", "seed": n}`: seeds torch's RNG (torch questions)
- `{"op": "reseed", "seed": n}`: seeds NumPy's and `random`'s global generators (the judge starts every test with one)

A call's `"fn"` may be a dotted path: `"net.scaler.get_scale"` reaches through the
attributes of an object made by "new", `"LogSumExp.apply"` through a name the
module defines. A call with `"probe": true` runs the trusted probe `fn` of
`probes` instead (e.g. the parameter count of a module), on this side's objects.

A call with `"as_tensors": true` turns NumPy arguments into torch tensors.

Promises every call keeps, checked on both sides the same way: an array the
caller hands over (an argument, also inside a list, tuple or dict) is not
changed by the call unless the step lists it in `"mutates"` (positional
indices and keyword names: the spec's declared in-place updates), and it is
not changed by any later step either (a function keeping the caller's array
as its state, then updating it). Returning an argument as it is stays
allowed (torch's dropout does in eval mode); so does returning an array the
object goes on updating (a getter such as `get_parameter` does). A broken
promise is recorded in `Interpreter.broken` as `{"step": i, "handed": j,
"arg": index or name, "path": [...]}`: step i changed the argument `arg`
that step j was given, at `path` inside it. The judge turns these into
failures; the interpreter never decides.

A step may also list in `"reuses"` (indices and names, as `"mutates"`) the
arguments its caller goes on writing after the call, as a training loop updates
its weights in place: right after the call (and its observation) the
interpreter changes every NumPy array in them (+1, or negated for booleans), on
both sides alike. What a function kept of them instead of a copy then shows in
later observations; a copy does not move.

Arguments may hold `Ref(name)` for objects made by "new", `Rng(seed)`,
which becomes a fresh `np.random.default_rng(seed)` on each side, and
`Fn(name, **params)`, which becomes the trusted test function `name` of
`testfns` with its parameters bound. Each
observing step yields one observation (a dict); other steps yield None.

Imports nothing of quizzer but the protocol, testfns and probes: the sandboxed child uses it.
"""

from __future__ import annotations

import random  # here, not at the first reseed: the zygote loads it once instead of every child
from typing import Any

import numpy as np

from quizzer.sandbox import probes, testfns
from quizzer.sandbox.protocol import Fn, Ref, Rng


class StepError(Exception):
    """A step could not run for a reason that is the submission's interface, not its logic."""


class Interpreter:
    """Holds one test's objects and runs its steps against a module namespace."""

    def __init__(self, namespace: dict[str, Any]):
        self.namespace = namespace
        self.objects: dict[str, Any] = {}
        self.broken: list[dict] = []  # promises broken so far, in the order they were seen (see the module doc)
        self._handed: dict[int, tuple[Any, tuple, dict]] = {}  # id -> (argument array, fingerprint, which step got it where)
        self._step = -1

    def _resolve(self, value: Any) -> Any:
        kind = type(value)
        if kind is Ref:
            return self.objects[value.name]
        if kind is Rng:
            return np.random.default_rng(value.seed)
        if kind is Fn:
            if value.name not in testfns.REGISTRY:
                raise StepError(f"unknown test function {value.name!r}")
            return testfns.build(value.name, self._resolve(value.params))
        if kind is list:
            return [self._resolve(v) for v in value]
        if kind is tuple:
            return tuple(self._resolve(v) for v in value)
        if kind is dict:
            return {k: self._resolve(v) for k, v in value.items()}
        return value

    def _target(self, dotted: str, last: str = "method") -> Any:
        """What a dotted path names: an object of the test's or a name of the module, then its attributes (the `last` one named so in errors)."""
        head, *path = dotted.split(".")
        if path and head in self.objects:
            target = self.objects[head]
        elif head in self.namespace:
            target = self.namespace[head]
        else:
            raise StepError(f"name {head!r} is not defined")
        for index, name in enumerate(path, 1):
            if not hasattr(target, name):
                raise StepError(f"{type(target).__name__} has no {last if index == len(path) else 'attribute'} {name!r}")
            target = getattr(target, name)
        return target

    def _probe(self, name: str) -> Any:
        """The trusted probe `name`, finding the module's names the way steps do."""
        if name not in probes.REGISTRY:
            raise StepError(f"unknown probe {name!r}")
        probe = probes.REGISTRY[name]
        return lambda *args, **kwargs: probe(self._target, *args, **kwargs)

    def run(self, step: dict) -> dict | None:
        """Run one step; return its observation or None. Promises it broke go to `broken`."""
        self._step += 1
        try:
            return self._run(step)
        finally:
            self._recheck()

    def _run(self, step: dict) -> dict | None:
        op = step["op"]
        if op == "new":
            cls = self._target(step["cls"])
            args, kwargs = self._resolve(step.get("args", [])), self._resolve(step.get("kwargs", {}))
            before = self._fingerprints(args, kwargs)
            self.objects[step["as"]] = cls(*args, **kwargs)
            self._check_arguments(before, step.get("mutates", ()))
            self._reuse(args, kwargs, step.get("reuses", ()))
            return None
        if op == "reseed":  # np.random's and random's global state, the same at every test's start (see judge.build_tests)
            np.random.seed(step["seed"])
            random.seed(step["seed"])
            return None
        if op == "seed":  # torch questions: the same torch RNG state on both sides
            import torch

            torch.manual_seed(step["seed"])
            return None
        if op == "call":
            args = self._resolve(step.get("args", []))
            kwargs = self._resolve(step.get("kwargs", {}))
            target = self._probe(step["fn"]) if step.get("probe") else self._target(step["fn"])
            before = self._fingerprints(args, kwargs)  # of the NumPy arrays: a tensor made from one shares its memory
            handed = args, kwargs  # the NumPy arrays, also when the call gets tensors sharing their memory
            if step.get("as_tensors"):
                args, kwargs = _to_tensors(args), _to_tensors(kwargs)
            result = target(*args, **kwargs)
            self._check_arguments(before, step.get("mutates", ()))
            observed = {}
            if step.get("observe", True):
                observed["result"] = _snapshot(result)
            for index in step.get("observe_args", []):
                observed[f"arg{index}"] = _snapshot(args[index])
            self._reuse(*handed, step.get("reuses", ()))
            return observed or None
        obj = self.objects[step["obj"]]
        if op == "set":
            for name, value in step["attrs"].items():
                setattr(obj, name, self._resolve(value))
            return None
        if op == "get":
            observed = {}
            for name in step["attrs"]:
                observed[name] = _snapshot(self._target(f"{step['obj']}.{name}", "attribute"))
            return observed
        raise ValueError(f"unknown step {op!r}")

    def _fingerprints(self, args: list, kwargs: dict) -> list[tuple[Any, tuple, dict]]:
        """Every array in the arguments, with its contents now and where it sits."""
        found = [(array, {"arg": index, "path": path}) for index, value in enumerate(args) for path, array in _arrays(value, [])]
        found += [(array, {"arg": name, "path": path}) for name, value in kwargs.items() for path, array in _arrays(value, [])]
        return [(array, _fingerprint(array), where) for array, where in found]

    def _check_arguments(self, before: list[tuple[Any, tuple, dict]], mutates) -> None:
        """After a call: its arguments are unchanged unless declared; all of them are watched from now on."""
        for array, print_before, where in before:
            if where["arg"] not in mutates and _fingerprint(array) != print_before:
                self.broken.append({"step": self._step, "handed": self._step, **where})
            if id(array) not in self._handed:  # watched from now on, as it is after this call
                self._handed[id(array)] = (array, _fingerprint(array), {"handed": self._step, **where})

    def _reuse(self, args: list, kwargs: dict, reuses) -> None:
        """Write into the arguments the caller reuses, as its next training step would; they stay watched as they are now."""
        for key in reuses:
            value = (args[key] if key < len(args) else None) if type(key) is int else kwargs.get(key)
            for _, array in _arrays(value, []):
                if type(array) is not np.ndarray or not array.flags.writeable:
                    continue
                if array.dtype == np.bool_:
                    np.logical_not(array, out=array)
                else:
                    array += 1
                if id(array) in self._handed:  # the caller's own write breaks no promise
                    kept, _, where = self._handed[id(array)]
                    self._handed[id(array)] = (kept, _fingerprint(array), where)

    def _recheck(self) -> None:
        """What earlier steps were given must not have changed during this one (each reported once)."""
        for key, (array, fingerprint, where) in list(self._handed.items()):
            if where["handed"] < self._step and _fingerprint(array) != fingerprint:
                self.broken.append({"step": self._step, **where})
                del self._handed[key]


def _is_tensor(kind: type) -> bool:
    return kind.__module__.startswith("torch") and kind.__name__ in ("Tensor", "Parameter")


def _arrays(value: Any, path: list) -> list[tuple[list, Any]]:
    """(path, array) for every NumPy array or torch tensor in a value, also inside lists, tuples and dicts."""
    kind = type(value)
    if kind is np.ndarray or _is_tensor(kind):
        return [(path, value)]
    if kind in (list, tuple):
        return [found for index, item in enumerate(value) for found in _arrays(item, [*path, index])]
    if kind is dict:
        return [found for key, item in value.items() if type(key) is str for found in _arrays(item, [*path, key])]
    return []


def _fingerprint(array: Any) -> tuple:
    """Shape, dtype and bytes: equal exactly when nothing was written (NaN and all)."""
    if type(array) is not np.ndarray:  # a tensor
        array = array.detach().cpu()
        try:
            array = array.numpy()
        except (TypeError, RuntimeError):  # a dtype NumPy lacks (bfloat16): its float64 values tell the same
            array = array.double().numpy()
    return array.shape, array.dtype.str, array.tobytes()


def _snapshot(value: Any) -> Any:
    """A copy of the arrays in an observed value, taken when it is observed.

    A test's observations are sent when the test ends; an array observed after one step (`W1`
    after `backward`) and then updated in place by the next (`W1 -= ...`) must still show the
    value it had when observed. Plain ndarrays and torch tensors are copied (also inside lists,
    tuples and dicts); anything else is left for the encoder to judge.
    """
    kind = type(value)
    if kind.__module__ == "numpy" and kind.__name__ == "ndarray":
        return value.copy()
    if _is_tensor(kind):
        return value.detach().clone()
    if kind in (list, tuple):
        return kind(_snapshot(v) for v in value)
    if kind is dict:
        return {k: _snapshot(v) for k, v in value.items()}
    return value


def _to_tensors(value: Any) -> Any:
    """NumPy arrays (also inside lists, tuples, dicts) as torch tensors, for torch questions."""
    if type(value) is np.ndarray:
        import torch

        return torch.from_numpy(value)
    if type(value) in (list, tuple):
        return type(value)(_to_tensors(v) for v in value)
    if type(value) is dict:
        return {k: _to_tensors(v) for k, v in value.items()}
    return value
