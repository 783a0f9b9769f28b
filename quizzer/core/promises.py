"""The promises the judge checks on every call of every question, whatever its suite says.

1. A call leaves the arrays it is given as they were (also those inside list,
   tuple and dict arguments), unless the question's entry declares that the
   call updates that argument (`mutates = ["params"]`, or `["step.params"]`
   for a method, in `question.toml`).
2. Nothing handed over changes later: an array the caller passed to one call
   (a gradient, an input) is not changed by a later call. An optimizer
   keeping step 1's gradient array as its buffer and updating it in step 2
   breaks this one. (Returning an argument as it is, or keeping it without
   writing to it, is allowed: torch's dropout returns its input in eval mode,
   and a layer may cache its input for backward.)

A third check is declared per argument: `reuses = ["step.weights"]` says the
caller goes on updating that argument in place after the call (a training loop
its weights), so a function must copy what it keeps of it. The interpreter
writes into those arrays right after each such call, on both sides, and a
function that kept them instead of a copy shows it in its later outputs.

The sandbox's interpreter records what broke (`Interpreter.broken`, plain
data); this module tells each step which arguments it may update and turns
the records into messages naming the argument. A record from the child is
checked like any other data it sends.
"""

from __future__ import annotations

from quizzer.core.suite import Test
from quizzer.sandbox.protocol import ProtocolError

MAX_RECORDS = 100  # a test breaking more promises than this is not read further


def declare_updates(entries: tuple[dict, ...] | list[dict], test: Test) -> None:
    """Give every `new` and `call` step the positions and names of the arguments it may update in place, and of those its caller reuses."""
    by_name = {entry["name"]: entry for entry in entries}
    made: dict[str, str] = {}
    for step in test.steps:
        if step["op"] == "new":
            made[step["as"]] = step["cls"]
            entry, method = by_name.get(step["cls"]), None
        elif step["op"] == "call":
            obj, _, method = step["fn"].partition(".")
            entry, method = by_name.get(made.get(obj) if method else obj), method or None
        else:
            continue
        for field in ("mutates", "reuses"):
            names, declared = _declared(entry, method, field)
            step[field] = [names.index(name) for name in declared if name in names] + declared


def _declared(entry: dict | None, method: str | None, field: str = "mutates") -> tuple[list[str], list[str]]:
    """(parameter names, the ones the entry's `field` names) for a function, a constructor or a method."""
    if entry is None:
        return [], []
    mutates = entry.get(field, [])
    if method is None:
        return list(entry.get("params", [])), [name for name in mutates if "." not in name]
    prefix = method + "."
    return list(entry.get("methods", {}).get(method, [])), [name[len(prefix) :] for name in mutates if name.startswith(prefix)]


def parameter_names(entries, test: Test, step: dict) -> list[str]:
    """The parameter names of what a step calls (a function, a constructor, or a method such as `obj0.step`)."""
    by_name = {entry["name"]: entry for entry in entries}
    if step["op"] == "new":
        return list(by_name.get(step["cls"], {}).get("params", []))
    obj, _, method = step["fn"].partition(".")
    if not method:
        return list(by_name.get(obj, {}).get("params", []))
    made = next((s["cls"] for s in test.steps if s["op"] == "new" and s["as"] == obj), None)
    return list(by_name.get(made, {}).get("methods", {}).get(method, []))


def read_records(records: object, test: Test) -> list[dict]:
    """The child's records of broken promises, checked to be what the interpreter writes."""
    if records is None:
        return []
    if type(records) is not list:
        raise ProtocolError("bad record of broken promises")
    checked = []
    for record in records[:MAX_RECORDS]:
        if type(record) is not dict or set(record) != {"step", "handed", "arg", "path"}:
            raise ProtocolError("bad record of a broken promise")
        step, handed, arg, path = (record[key] for key in ("step", "handed", "arg", "path"))
        if type(step) is not int or type(handed) is not int or not 0 <= handed <= step < len(test.steps):
            raise ProtocolError("a broken promise names no step of the test")
        if test.steps[handed]["op"] not in ("new", "call"):  # only those hand the submission arrays
            raise ProtocolError("a broken promise names a step that handed over nothing")
        if type(arg) not in (int, str) or type(path) is not list:
            raise ProtocolError("bad record of a broken promise")
        if any(type(key) not in (int, str) for key in path) or len(path) > 16:
            raise ProtocolError("bad path in a broken promise")
        checked.append(record)
    return checked


def describe(record: dict, test: Test, entries) -> str:
    """One broken promise, as the failing test's message says it."""
    now, handed = test.steps[record["step"]], test.steps[record["handed"]]
    when, then = step_label(now), step_label(handed)
    name = _argument_name(entries, test, handed, record["arg"]) + _path(record["path"])
    if record["step"] == record["handed"]:
        return f"{when}: modified its input `{name}` in place (leave the caller's arrays as they are)"
    return f"{when}: changed `{name}`, the caller's array given to {then}: it kept that array (as its state?) instead of a copy"


def step_label(step: dict) -> str:
    """How messages name a step: its label in the suite, else what it calls."""
    if step.get("label"):
        return str(step["label"])
    if step["op"] == "new":
        return f"{step['cls']}(...)"
    if step["op"] == "call":
        return f"{step['fn'].rpartition('.')[2]}(...)"
    return step["op"]


def _argument_name(entries, test: Test, step: dict, arg: int | str) -> str:
    if type(arg) is str:
        return arg if arg in step.get("kwargs", {}) else "an argument"
    names = parameter_names(entries, test, step)
    return names[arg] if type(arg) is int and 0 <= arg < len(names) else f"argument {arg}"


def _path(path: list) -> str:
    return "".join(f"[{key}]" if type(key) is int else f"[{key[:40]!r}]" for key in path)
