"""How a question's `suite.py` describes its tests.

A suite module defines `tests(rng: np.random.Generator) -> list[Test]`. The
judge runs every test's steps twice: on the trusted reference (in its own
process) to get what is expected, and on the submission (in the sandbox) to
get what it does; then compares observation by observation. Visible tests
must not depend on `rng` (they are the examples the user sees); hidden tests
draw from it, and `rng` is seeded fresh per attempt.

    def tests(rng):
        t = Test("a batch of 5", visible=False)
        x = rng.standard_normal((5, 3))
        t.call("softmax", x, label="softmax(x)")
        return [t]

Classes: `net = t.new("SimpleNN", 2, 4, 1)`, `t.set(net, W1=...)`,
`t.method(net, "forward", X, label=...)`, `t.get(net, "W1", "b2", label=...)`.
Torch questions: `t.seed(0)` seeds torch on both sides; `as_tensors=True` on a
call turns NumPy arguments into tensors; returned tensors come back as arrays
(dtype kept) that must be tensors on both sides. A method may be a dotted path
(`t.method(trainer, "scaler.get_scale")`), a call may name a class's attribute
(`t.call("LogSumExp.apply", ...)`), and `t.probe(...)` observes what trusted
code finds (a module's parameter count, tied weights, gradients through an
autograd Function): see `quizzer.sandbox.probes`.

Whatever a suite observes, the judge also holds every call to its promises
(`quizzer.core.promises`): arguments left unchanged unless the entry declares
them updated (`mutates`; observe those with `observe_args`), and nothing handed
over changed by a later call. A suite needs no test of its own for that. An
argument the entry declares as `reuses` is written into by the judge after each
call (the caller trains on in place), so keeping it instead of a copy shows.

A test may also carry `check(observations) -> str | None`, a property judged
on the submission's own observations (e.g. a batch equals its rows one by
one); with `compare=False` only the property is judged.

Functions that take a random generator get `Rng(seed)` as the argument: each
side receives its own `np.random.default_rng(seed)`, so the draws match.
Functions that take a scalar function get `Fn(name, **params)`, a function
of `quizzer.sandbox.testfns` built on each side (e.g. a gradient checker's f).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quizzer.sandbox.protocol import Fn, Ref, Rng  # noqa: F401 - Fn and Rng are for suites


@dataclass
class Test:
    """One named test: steps to run (each with the label messages name it by), and how to judge them."""

    name: str
    visible: bool = False
    steps: list[dict] = field(default_factory=list)
    check: Callable[[list[dict]], str | None] | None = None
    compare: bool = True
    _objects: int = 0

    def observing_steps(self) -> list[dict]:
        """The steps that yield an observation, in order: one per observation the judge compares."""
        return [s for s in self.steps if s["op"] == "get" or (s["op"] == "call" and (s.get("observe", True) or s.get("observe_args")))]

    def call(
        self,
        fn: str,
        *args: Any,
        label: str | None = None,
        names: tuple[str, ...] | None = None,
        observe_args: tuple[int, ...] = (),
        observe: bool = True,
        as_tensors: bool = False,
        **kwargs: Any,
    ) -> Test:
        """Call function `fn(*args, **kwargs)`; observe its result (named `names` if a tuple).

        `observe_args` also observes those positional arguments after the call: the
        outputs of a function that updates them in place, declared in the question's
        entry (`mutates`). Any other argument the call changes fails the test by
        itself (see `quizzer.core.promises`).
        """
        label = label or f"{fn.rpartition('.')[2]}(...)"
        step = {"op": "call", "fn": fn, "args": list(args), "kwargs": kwargs, "observe": observe, "as_tensors": as_tensors, "label": label}
        if names:
            step["names"] = names
        if observe_args:
            step["observe_args"] = list(observe_args)
        self.steps.append(step)
        return self

    def new(self, cls: str, *args: Any, **kwargs: Any) -> Ref:
        """Construct `cls(*args, **kwargs)`; return a handle for later steps."""
        ref = Ref(f"obj{self._objects}")
        self._objects += 1
        self.steps.append({"op": "new", "cls": cls, "args": list(args), "kwargs": kwargs, "as": ref.name, "label": f"{cls}(...)"})
        return ref

    def method(
        self,
        obj: Ref,
        name: str,
        *args: Any,
        label: str | None = None,
        observe: bool = True,
        names: tuple[str, ...] | None = None,
        as_tensors: bool = False,
        **kwargs: Any,
    ) -> Test:
        """Call `obj.name(*args, **kwargs)`, observing the result unless `observe=False`."""
        return self.call(f"{obj.name}.{name}", *args, label=label or f"{name}(...)", observe=observe, names=names, as_tensors=as_tensors, **kwargs)

    def probe(self, name: str, *args: Any, label: str | None = None, names: tuple[str, ...] | None = None, **kwargs: Any) -> Test:
        """Observe what the trusted probe `name` (`quizzer.sandbox.probes`) finds, run the same way on both sides.

        For what no call of the question returns (torch questions): `t.probe("parameter_count", net)`,
        `t.probe("same_parameter", net, "embedding.weight", "head.weight")`, `t.probe("gradients", net)`,
        `t.probe("autograd", "LogSumExp", [x], (1,), grad_output, names=(...))`.
        """
        self.call(name, *args, label=label or f"{name}(...)", names=names, **kwargs)
        self.steps[-1]["probe"] = True
        return self

    def seed(self, seed: int) -> Test:
        """Seed torch's RNG identically on both sides (torch questions: init, dropout)."""
        self.steps.append({"op": "seed", "seed": seed})
        return self

    def set(self, obj: Ref, **attrs: Any) -> Test:
        """Set attributes of `obj` (e.g. known weights)."""
        self.steps.append({"op": "set", "obj": obj.name, "attrs": attrs, "label": f"setting {', '.join(attrs)}"})
        return self

    def get(self, obj: Ref, *attrs: str, label: str | None = None) -> Test:
        """Observe attributes of `obj` (e.g. the weights after an update; `"dropout.p"` reaches into a submodule)."""
        self.steps.append({"op": "get", "obj": obj.name, "attrs": list(attrs), "label": label or ""})
        return self
