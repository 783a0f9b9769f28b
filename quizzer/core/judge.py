"""The judge: grades a submitted file against a coding question's tests and trusted reference.

The judge never runs submitted code. It forks a sandboxed child first (so the
child's memory holds no reference and no expected output), then loads the
suite and the reference, computes what is expected in its own process, sends
the child only the inputs, and compares the plain data that comes back.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np

from quizzer.core.compare import compare_observation
from quizzer.core.task import JudgeTask
from quizzer.core.verdicts import Verdict
from quizzer.core.suite import Test
from quizzer.sandbox import isolate
from quizzer.sandbox.interp import Interpreter
from quizzer.sandbox.launch import Child, Ending, Limits, spawn_anywhere
from quizzer.sandbox.protocol import ProtocolError, roundtrip

# Failures that end a run, worst first: the one the verdict names when several happen.
_SEVERITY = [
    Verdict.syntax_error,
    Verdict.forbidden_import,
    Verdict.interface_error,
    Verdict.memory_limit_exceeded,
    Verdict.time_limit_exceeded,
    Verdict.runtime_error,
    Verdict.wrong_answer,
]


# What the child may report of itself (a failure it saw happen). Whether an answer is right is
# decided here, from the values: a child claiming "accepted" or "wrong_answer" breaks the protocol.
_CHILD_VERDICTS = frozenset(_SEVERITY) - {Verdict.wrong_answer}


def _child_verdict(value: object) -> Verdict:
    try:
        verdict = Verdict(value)
    except ValueError:
        raise ProtocolError("unknown verdict in a failure report") from None
    if verdict not in _CHILD_VERDICTS:
        raise ProtocolError(f"the child reported {verdict.value}, which only the judge decides")
    return verdict


class BankError(Exception):
    """The question itself is broken (its suite or reference fails): not the submission's fault."""


class SandboxError(Exception):
    """The sandbox could not run the submission (the machine is out of processes, say): no verdict."""


class MissingRequirement(Exception):
    """The question needs a package that is not installed here (PyTorch, for the torch questions): no verdict."""


@dataclass
class TestResult:
    """One test's outcome, as the contract's `tests[]` shows it."""

    name: str
    visibility: str
    status: str
    message: str = ""


@dataclass
class Result:
    """A verdict with everything the contract's `submit --json` prints, and a bit more."""

    question: str
    verdict: Verdict
    passed: int
    total: int
    time_ms: int
    tests: list[TestResult]
    seed: int
    message: str = ""
    output: str = ""
    protections: dict[str, bool] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The JSON object `quizzer submit --json` prints."""
        data = asdict(self)
        data["verdict"] = self.verdict.value
        return data


def load_module(path: Path, name: str) -> ModuleType:
    """Import a trusted file of the bank (a suite or a reference) by path."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_tests(question: JudgeTask, seed: int, visible_only: bool = False) -> list[Test]:
    """The question's tests for this seed (visible ones first)."""
    suite = load_module(question.suite_path, f"quizzer_suite_{question.id.replace('-', '_')}")
    tests = suite.tests(np.random.default_rng(seed))
    if not tests:
        raise BankError(f"{question.suite_path}: tests() returned no tests")
    tests.sort(key=lambda t: not t.visible)
    return [t for t in tests if t.visible] if visible_only else tests


def expected_observations(question: JudgeTask, tests: list[Test]) -> list[list[dict]]:
    """Run every test on the reference, in this process, on copies of the inputs."""
    module = load_module(question.reference_path, f"quizzer_reference_{question.id.replace('-', '_')}")
    expected = []
    for test in tests:
        interpreter = Interpreter(vars(module))
        observed = []
        try:
            # The reference gets the steps exactly as the child will: through the wire, no aliasing kept.
            for step in roundtrip(test.steps):
                result = interpreter.run(step)
                if result is not None:
                    observed.append(roundtrip(result))  # copied now, represented as the child's will be
        except Exception as exc:
            raise BankError(f"reference {question.reference_path.name} fails test {test.name!r}: {exc!r}") from exc
        if len(observed) != len(test.labels):
            raise BankError(f"test {test.name!r}: {len(observed)} observations for {len(test.labels)} labels")
        expected.append(observed)
    return expected


def limits_for(task: JudgeTask) -> Limits:
    """The sandbox limits a question asks for; wall time allows for start-up."""
    return Limits(cpu_s=task.time_limit_s, wall_s=2 * task.time_limit_s + 2.0, memory_mb=task.memory_limit_mb)


def safe_spawner():
    """How to start a child from this process (`launch.spawn_anywhere`): a fork of it when that is safe, else a zygote.

    A fork copies only the calling thread and everything the process holds: it is
    safe when this process runs one thread and holds no module the question does
    not allow (the CLI judging one question); otherwise (a test runner, `validate`
    after a torch question) the question's profile's zygote forks instead.
    """
    return spawn_anywhere


def judge(question, source: bytes, seed: int | None = None, visible_only: bool = False, spawner=None) -> Result:
    """Grade `source` on `question` (a `JudgeTask`, or a coding `bank.Question`); the seed draws the hidden inputs.

    The seed is fresh when None.
    `spawner(job, source, limits) -> Child` starts the sandboxed child: by default
    `safe_spawner()`'s choice; a long-running process passes its own zygote's `spawn`.
    """
    task = question if isinstance(question, JudgeTask) else JudgeTask.from_question(question)
    if "torch" in task.allowed_imports and importlib.util.find_spec("torch") is None:
        raise MissingRequirement(f"{task.id} is a PyTorch question and PyTorch is not installed here: pip install torch==2.13.0")
    spawner = spawner or safe_spawner()
    seed = int.from_bytes(os.urandom(4), "little") if seed is None else seed  # not `secrets`: its hashlib import is a few ms of every cold verdict
    started = time.monotonic()
    job = {"allowed_imports": list(task.allowed_imports), "entries": list(task.entries)}
    child = spawner(job, source, limits_for(task))  # before any reference is loaded: see the module doc
    try:
        tests = build_tests(task, seed, visible_only)
        expected = expected_observations(task, tests)
        results, failure, output = _run(child, tests, expected, task)
    finally:
        ending = child.finish()
    if ending.sandbox_error:
        raise SandboxError(ending.sandbox_error)
    failure = failure or _ending_failure(ending, results, len(tests), child.limits)
    results += [TestResult(t.name, _visibility(t), "error", "not run") for t in tests[len(results):]]
    passed = sum(r.status == "pass" for r in results)
    verdict, message = failure if failure else (Verdict.accepted, "")
    if not failure:
        failures = [r for r in results if r.status != "pass"]
        if failures:
            verdict, message = Verdict.wrong_answer, f"{failures[0].name}: {failures[0].message}"
    if verdict == Verdict.accepted and not passed == len(tests) > 0:
        # Accepted means every test ran and passed by the judge's own comparison, whatever else happened.
        verdict, message = Verdict.runtime_error, "the program ended without reporting every test"
    return Result(
        question=task.id,
        verdict=verdict,
        passed=passed,
        total=len(tests),
        time_ms=round((time.monotonic() - started) * 1000),
        tests=results,
        seed=seed,
        message=message,
        output=output,
        protections=isolate.protections(),
    )


def _visibility(test: Test) -> str:
    return "visible" if test.visible else "hidden"


def _worst(a: tuple[Verdict, str] | None, b: tuple[Verdict, str]) -> tuple[Verdict, str]:
    return b if a is None or _SEVERITY.index(b[0]) < _SEVERITY.index(a[0]) else a


def _run(child: Child, tests: list[Test], expected: list[list[dict]], task: JudgeTask):
    """Send the tests, read the child's frames, compare; (results, failure, output)."""
    results: list[TestResult] = []
    failure: tuple[Verdict, str] | None = None
    try:
        frame = child.next_frame()
        if frame is None:
            return results, None, ""
        if frame.get("event") == "failed":
            return results, (_child_verdict(frame.get("verdict")), str(frame.get("message", ""))[:1000]), ""
        if frame.get("event") != "loaded":
            raise ProtocolError("expected the child to report loading")
        child.send({}, {"tests": [t.steps for t in tests]})
        while (frame := child.next_frame()) is not None:
            event = frame.get("event")
            if event == "done":
                return results, failure, str(frame.get("output", ""))[:100_000]
            if event != "test" or frame.get("index") != len(results) or len(results) >= len(tests):
                raise ProtocolError("test results out of order")
            test = tests[len(results)]
            result, test_failure = _grade(test, expected[len(results)], frame, task)
            results.append(result)
            if test_failure:
                failure = _worst(failure, test_failure)
    except ProtocolError as exc:
        failure = _worst(failure, (Verdict.runtime_error, f"the submission broke the judge's channel: {exc}"))
    return results, failure, ""


def _grade(test: Test, expected: list[dict], frame: dict, task: JudgeTask) -> tuple[TestResult, tuple[Verdict, str] | None]:
    error = frame.get("error")
    if error is not None:
        if type(error) is not dict:
            raise ProtocolError("bad error report")
        verdict = _child_verdict(error.get("verdict"))
        message = str(error.get("message", ""))[:1000]
        return TestResult(test.name, _visibility(test), "error", message), (verdict, f"{test.name}: {message}")
    values = frame.get("values")
    observations = values.get("observations") if type(values) is dict else None
    if type(observations) is not list or len(observations) != len(expected) or any(type(o) is not dict for o in observations):
        raise ProtocolError("observations do not match the test's steps")
    problem = None
    if test.compare:
        for want, got, label, names, callee in zip(expected, observations, test.labels, test.names, test.callees):
            try:
                problem = compare_observation(want, got, label, names, task.rtol, task.atol, _parameter_names(task, test, callee))
            except (ArithmeticError, ValueError, TypeError) as exc:  # the submission's values, not the judge, broke it
                problem = f"{label}: its value cannot be compared with the answer ({type(exc).__name__})"
            if problem:
                break
    if problem is None and test.check is not None:
        try:
            problem = test.check(observations)
        except Exception as exc:  # noqa: BLE001 - the submission's values, not the judge, broke the check
            problem = f"its outputs do not have the types or shapes this check needs ({type(exc).__name__})"
    status = "fail" if problem else "pass"
    return TestResult(test.name, _visibility(test), status, problem or ""), None


def _parameter_names(task: JudgeTask, test: Test, callee: str | None) -> list[str]:
    """The parameter names of a called function or method (`obj0.step`), from the task's entries."""
    entries = {entry["name"]: entry for entry in task.entries}
    if not callee:
        return []
    obj, _, method = callee.partition(".")
    if not method:
        return entries[obj]["params"] if obj in entries else []
    made = next((step["cls"] for step in test.steps if step["op"] == "new" and step["as"] == obj), None)
    return entries[made]["methods"].get(method, []) if made in entries else []


def _ending_failure(ending: Ending, results: list[TestResult], total: int, limits: Limits) -> tuple[Verdict, str] | None:
    """A failure told by how the child ended, when it ended before reporting every test."""
    if ending.timed_out and ending.wall_clock and ending.cpu_s < limits.cpu_s:
        return Verdict.time_limit_exceeded, f"still running at the wall-clock limit of {limits.wall_s:g} s, having used {ending.cpu_s:.2f} s of CPU (waiting or sleeping?)"
    if ending.timed_out:
        return Verdict.time_limit_exceeded, f"used up its {limits.cpu_s:g} s of CPU time"
    if len(results) == total:
        return None
    if ending.memory_exceeded:
        return Verdict.memory_limit_exceeded, "ran out of memory at the question's memory limit"
    if ending.signal is not None:
        name = signal.Signals(ending.signal).name if ending.signal in signal.Signals._value2member_map_ else str(ending.signal)
        return Verdict.runtime_error, f"killed by signal {name}"
    return Verdict.runtime_error, f"the process exited with code {ending.exit_code} before finishing the tests"
