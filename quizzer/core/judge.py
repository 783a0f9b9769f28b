"""The judge: grades a submitted file against a coding question's tests and trusted reference.

The judge never runs submitted code. It forks a sandboxed child first (so the
child's memory holds no reference and no expected output), then loads the
suite and the reference, computes what is expected in its own process, sends
the child only the inputs, and compares the plain data that comes back.
Besides the suite's comparisons, every call keeps the promises of
`quizzer.core.promises` (inputs left alone, nothing handed over changed later).

A wrong answer is then compared with the question's own known mistakes (its
hand-written mutants, run in the sandbox on the same inputs: they are bank
code, but wrong code, which may loop or blow up): `Result.diagnosis` names the
one it behaves like, if any (`quizzer.core.diagnose`).
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

from quizzer.core import promises, shown
from quizzer.core.compare import compare_observation
from quizzer.core.suite import Test
from quizzer.core.task import JudgeTask
from quizzer.core.verdicts import Verdict
from quizzer.sandbox import isolate
from quizzer.sandbox.interp import Interpreter
from quizzer.sandbox.launch import Child, Ending, Limits, spawn_anywhere
from quizzer.sandbox.protocol import OUTPUT_CAP, ProtocolError, roundtrip

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
MESSAGE_CAP = 1000  # characters of a test's or a verdict's message: a submission's values are quoted in them
SHOWN_CAP = 8000  # characters of what a visible test shows the submission did


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
    """One test's outcome, as the contract's `tests[]` shows it.

    A visible test also carries what the user needs to see, as text: the calls
    with their inputs, what the reference observed and what the submission did
    (small arrays in full, large ones summarised). A hidden test never does.
    """

    name: str
    visibility: str
    status: str
    message: str = ""
    inputs: str | None = None
    expected: str | None = None
    got: str | None = None


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
    tolerance: dict[str, float] = field(default_factory=dict)
    diagnosis: dict[str, str] | None = None

    def to_json(self) -> dict:
        """The JSON object `quizzer submit --json` prints (a hidden test has no inputs, expected or got)."""
        data = asdict(self)
        data["verdict"] = self.verdict.value
        data["tests"] = [{key: value for key, value in test.items() if value is not None} for test in data["tests"]]
        return data


@dataclass
class Plan:
    """One seed's tests and what the reference observed on them: everything but the submission."""

    seed: int
    tests: list[Test]
    expected: list[list[dict]]


@dataclass
class Report:
    """What the child said about one test: its error, or its observations and broken promises."""

    error: dict | None
    observations: list[dict]
    broken: list[dict]


def load_module(path: Path, name: str) -> ModuleType:
    """Import a trusted file of the bank (a suite or a reference) by path.

    Compiled here rather than by the import system, which would write `__pycache__` into the bank
    (an author's folder, or an installed package): nothing is written outside QUIZZER_HOME.
    """
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    exec(_compiled(Path(path)), module.__dict__)  # noqa: S102 - the bank's own, trusted code
    return module


_CODE: dict[tuple, object] = {}  # compiled once per process and file version: a warm verdict paid 3 ms to compile again


def _compiled(path: Path):
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _CODE:
        _CODE[key] = compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
    return _CODE[key]


def build_tests(question: JudgeTask, seed: int, visible_only: bool = False) -> list[Test]:
    """The question's tests for this seed (visible ones first), each step told what it may update."""
    suite = load_module(question.suite_path, f"quizzer_suite_{question.id.replace('-', '_')}")
    tests = suite.tests(np.random.default_rng(seed))
    if not tests:
        raise BankError(f"{question.suite_path}: tests() returned no tests")
    tests.sort(key=lambda t: not t.visible)
    tests = [t for t in tests if t.visible] if visible_only else tests
    for index, test in enumerate(tests):
        # The global generators a submission may draw from start each test in the same state, whatever
        # process runs it (a fork, a zygote, another machine): its verdict is the seed's, reproducibly.
        test.steps.insert(0, {"op": "reseed", "seed": index})
        promises.declare_updates(question.entries, test)
    return tests


def run_steps(namespace: dict, test: Test) -> tuple[list[dict], list[dict]]:
    """Run a test's steps against trusted code in this process: (observations, broken promises)."""
    interpreter = Interpreter(namespace)
    observed = []
    # The code gets the steps exactly as the child will: through the wire, no aliasing kept.
    for step in roundtrip(test.steps):
        result = interpreter.run(step)
        if result is not None:
            observed.append(roundtrip(result))  # copied now, represented as the child's will be
    return observed, interpreter.broken


def expected_observations(question: JudgeTask, tests: list[Test]) -> list[list[dict]]:
    """Run every test on the reference, in this process, on copies of the inputs."""
    if "torch" in question.allowed_imports:
        import torch

        # The references' networks are tiny: with torch's default pool of threads they only contend
        # (on a busy 2-core machine one seed of torch-training-step took 4.5 s instead of 0.2 s).
        torch.set_num_threads(1)
    module = load_module(question.reference_path, f"quizzer_reference_{question.id.replace('-', '_')}")
    expected = []
    for test in tests:
        try:
            observed, broken = run_steps(vars(module), test)
        except Exception as exc:
            raise BankError(f"reference {question.reference_path.name} fails test {test.name!r}: {exc!r}") from exc
        if broken:
            what = promises.describe(broken[0], test, question.entries)
            raise BankError(f"reference {question.reference_path.name} on test {test.name!r}: {what} (declare it in the entry's `mutates` if it is the point)")
        if len(observed) != len(test.observing_steps()):
            raise BankError(f"test {test.name!r}: {len(observed)} observations for {len(test.observing_steps())} observing steps")
        expected.append(observed)
    return expected


def make_plan(task: JudgeTask, seed: int, visible_only: bool = False) -> Plan:
    """The tests for a seed and the reference's observations on them."""
    tests = build_tests(task, seed, visible_only)
    return Plan(seed, tests, expected_observations(task, tests))


def limits_for(task: JudgeTask) -> Limits:
    """The sandbox limits a question asks for; wall time allows for start-up."""
    return Limits(cpu_s=task.time_limit_s, wall_s=2 * task.time_limit_s + 2.0, memory_mb=task.memory_limit_mb)


def zygote_spawner():
    """The shared zygotes' `spawn`: a child that never comes from this process (which holds references by now)."""
    from quizzer.sandbox.zygote import shared

    return shared().spawn


def safe_spawner():
    """How to start a child from this process (`launch.spawn_anywhere`): a fork of it when that is safe, else a zygote.

    A fork copies only the calling thread and everything the process holds: it is
    safe when this process runs one thread and holds no module the question does
    not allow (the CLI judging one question); otherwise (a test runner, `validate`
    after a torch question) the question's profile's zygote forks instead.
    """
    return spawn_anywhere


def job_for(task: JudgeTask) -> dict:
    """What the sandboxed child is told of the question: the imports it allows and the names it requires."""
    return {"allowed_imports": list(task.allowed_imports), "entries": list(task.entries)}


def check_requirements(task: JudgeTask) -> None:
    """Raise `MissingRequirement` when the question needs a package this machine lacks (PyTorch)."""
    if "torch" in task.allowed_imports and importlib.util.find_spec("torch") is None:
        raise MissingRequirement(
            f"{task.id} is a PyTorch question and PyTorch is not installed here: "
            "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"
        )


def judge(question, source: bytes, seed: int | None = None, visible_only: bool = False, spawner=None, diagnose: bool = True) -> Result:
    """Grade `source` on `question` (a `JudgeTask`, or a coding `bank.Question`); the seed draws the hidden inputs.

    The seed is fresh when None.
    `spawner(job, source, limits) -> Child` starts the sandboxed child: by default
    `safe_spawner()`'s choice; a long-running process passes its own zygote's `spawn`.
    A wrong answer is compared with the question's known mistakes unless `diagnose` is False.
    """
    task = question if isinstance(question, JudgeTask) else JudgeTask.from_question(question)
    check_requirements(task)
    spawner = spawner or safe_spawner()
    seed = int.from_bytes(os.urandom(4), "little") if seed is None else seed  # not `secrets`: its hashlib import is a few ms of every cold verdict
    started = time.monotonic()
    child = spawner(job_for(task), source, limits_for(task))  # before any reference is loaded: see the module doc
    try:
        plan = make_plan(task, seed, visible_only)
        run = collect_reports(child, [plan.tests])
    finally:
        ending = child.finish()
    if ending.sandbox_error:
        raise SandboxError(ending.sandbox_error)
    result, graded = _result(task, plan, run, ending, child.limits, 0)
    result.time_ms = round((time.monotonic() - started) * 1000)  # the verdict's time, not the diagnosis's
    if diagnose and result.verdict == Verdict.wrong_answer:
        from quizzer.core.diagnose import diagnose as known_mistake

        try:
            result.diagnosis = known_mistake(task, plan, graded, run.reports[0] if run.reports else [], spawner)
        except Exception:  # noqa: BLE001 - a hint on top of the verdict: the submission's values must not cost the verdict
            result.diagnosis = None
    return result


def judge_plans(task: JudgeTask, source: bytes, plans: list[Plan], spawner=None, stop_early: bool = False) -> list[Result]:
    """Judge trusted bank code (a reference, a starter, a mutant) on several seeds' plans, in as few children as it can.

    All the plans go to one child, under the limits of one: a plan it finishes would
    have finished alone. Each plan gets the `Result` it would get alone: when the
    child ends early (a limit, a crash), the plan it was on is judged again alone and
    the rest together again. With `stop_early` (for `mutate`: one rejection is
    enough) the plans after the first rejection are left out.
    The plans exist before the fork, so the child comes from a zygote (`zygote_spawner`).
    """
    check_requirements(task)
    spawner = spawner or zygote_spawner()
    results: list[Result] = []
    pending, alone = list(plans), False
    while pending:
        batch = pending[:1] if alone else pending
        child = spawner(job_for(task), source, limits_for(task))
        try:
            run = collect_reports(child, [plan.tests for plan in batch])
        finally:
            ending = child.finish()
        if ending.sandbox_error:
            raise SandboxError(ending.sandbox_error)
        if run.load_failure or run.finished or len(batch) == 1:
            settled = len(batch)
        else:
            settled = len(run.reports) - 1  # the plan it was on when it ended is judged again, alone
        for index in range(settled):
            results.append(_result(task, batch[index], run, ending, child.limits, index)[0])
        pending, alone = pending[settled:], settled < len(batch)
        if stop_early and any(r.verdict != Verdict.accepted for r in results):
            break
    return results


@dataclass
class _Run:
    """Everything one child reported, for one or more plans' tests sent in one go."""

    load_failure: tuple[Verdict, str] | None = None  # it failed to load: every plan's verdict
    channel_failure: tuple[Verdict, str] | None = None  # it broke the channel, during the last plan reported
    reports: list[list[Report]] = field(default_factory=list)  # per plan reached, per test reported
    output: str = ""
    finished: bool = False  # it reported every test of every plan and said it was done


def collect_reports(child: Child, plans: list[list[Test]]) -> _Run:
    """Send every plan's tests to the child and read back what it reports of each."""
    run = _Run()
    flat = [test for tests in plans for test in tests]
    reported: list[Report] = []
    try:
        frame = child.next_frame()
        if frame is None:
            return run
        if frame.get("event") == "failed":
            run.load_failure = (_child_verdict(frame.get("verdict")), str(frame.get("message", ""))[:1000])
            run.finished = True
            return run
        if frame.get("event") != "loaded":
            raise ProtocolError("expected the child to report loading")
        child.send({}, {"tests": [t.steps for t in flat]})
        while (frame := child.next_frame()) is not None:
            if frame.get("event") == "done":
                run.output = str(frame.get("output", ""))[:OUTPUT_CAP]
                run.finished = len(reported) == len(flat)
                break
            if frame.get("event") != "test" or frame.get("index") != len(reported) or len(reported) >= len(flat):
                raise ProtocolError("test results out of order")
            reported.append(_report(flat[len(reported)], frame))
    except ProtocolError as exc:
        run.channel_failure = (Verdict.runtime_error, f"the submission broke the judge's channel: {exc}")
    finally:
        start = 0
        for tests in plans:
            run.reports.append(reported[start : start + len(tests)])
            start += len(tests)
            if start > len(reported):
                break
    return run


def _report(test: Test, frame: dict) -> Report:
    """One test frame, checked: an error report, or observations matching the test's observing steps."""
    error = frame.get("error")
    if error is not None:
        if type(error) is not dict:
            raise ProtocolError("bad error report")
        _child_verdict(error.get("verdict"))
        return Report({"verdict": error.get("verdict"), "message": str(error.get("message", ""))[:1000]}, [], [])
    values = frame.get("values")
    observations = values.get("observations") if type(values) is dict else None
    steps = test.observing_steps()
    if type(observations) is not list or len(observations) != len(steps) or any(type(o) is not dict for o in observations):
        raise ProtocolError("observations do not match the test's steps")
    if any(set(observed) != _observed_keys(step) for step, observed in zip(steps, observations)):
        raise ProtocolError("observations name what the test's steps do not observe")
    return Report(None, observations, promises.read_records(values.get("broken"), test))


def _observed_keys(step: dict) -> set[str]:
    """The names the interpreter gives one observing step's observation (a call's result and arguments, a get's attributes)."""
    if step["op"] == "get":
        return set(step["attrs"])
    return ({"result"} if step.get("observe", True) else set()) | {f"arg{index}" for index in step.get("observe_args", ())}


def _result(task: JudgeTask, plan: Plan, run: _Run, ending: Ending, limits: Limits, index: int) -> tuple[Result, list[TestResult]]:
    """The verdict for one plan of a run, and its graded tests."""
    tests = plan.tests
    reports = run.reports[index] if index < len(run.reports) else []
    results: list[TestResult] = []
    failure = run.load_failure
    for test, expected, report in zip(tests, plan.expected, reports):
        try:
            result, test_failure = grade(test, expected, report, task)
        except Exception as exc:  # noqa: BLE001 - the child's data, checked as it is, still broke the grading: its fault, not a lost verdict
            why = f"the submission broke the judge's channel: its report of {test.name} cannot be graded ({type(exc).__name__})"
            result, test_failure = TestResult(test.name, _visibility(test), "error", why), (Verdict.runtime_error, why)
        results.append(result)
        if test_failure:
            failure = _worst(failure, test_failure)
    if run.load_failure is None and index >= len(run.reports) - 1:  # the child ended during this plan
        ended = run.channel_failure or _ending_failure(ending, limits, complete=len(results) == len(tests))
        if ended:
            failure = _worst(failure, ended)
    passed = sum(r.status == "pass" for r in results)
    results += _not_run(tests[len(results) :])
    verdict, message = failure if failure else (Verdict.accepted, "")
    message = capped(message)
    if failure and passed:
        message = f"{passed} of {len(tests)} tests passed; {message}"
    if not failure:
        failures = [r for r in results if r.status != "pass"]
        if failures:
            verdict, message = Verdict.wrong_answer, f"{failures[0].name}: {failures[0].message}"
    if verdict == Verdict.accepted and not passed == len(tests) > 0:
        # Accepted means every test ran and passed by the judge's own comparison, whatever else happened.
        verdict, message = Verdict.runtime_error, "the program ended without reporting every test"
    result = Result(
        question=task.id,
        verdict=verdict,
        passed=passed,
        total=len(tests),
        time_ms=0,
        tests=results,
        seed=plan.seed,
        message=message,
        output=run.output,
        protections=isolate.protections(),
        tolerance={"rtol": task.rtol, "atol": task.atol},
    )
    return result, results


def _not_run(tests: list[Test]) -> list[TestResult]:
    return [TestResult(t.name, _visibility(t), "error", "not run") for t in tests]


def _visibility(test: Test) -> str:
    return "visible" if test.visible else "hidden"


def _worst(a: tuple[Verdict, str] | None, b: tuple[Verdict, str]) -> tuple[Verdict, str]:
    return b if a is None or _SEVERITY.index(b[0]) < _SEVERITY.index(a[0]) else a


def grade(test: Test, expected: list[dict], report: Report, task: JudgeTask) -> tuple[TestResult, tuple[Verdict, str] | None]:
    """One test's result from what the child reported, and the run-ending failure it stands for, if any."""
    if report.error is not None:
        message = report.error["message"]
        result = TestResult(test.name, _visibility(test), "error", message)
        if test.visible:
            result.inputs = shown.inputs(test, task.entries)
        return result, (_child_verdict(report.error["verdict"]), f"{test.name} raised {message}")
    problems = observation_problems(test, expected, report, task)
    status = "fail" if problems else "pass"
    result = TestResult(test.name, _visibility(test), status, capped("; ".join(problems)))
    if test.visible:
        result.inputs = shown.inputs(test, task.entries)
        result.expected = shown.observations(test, expected, task.entries)
        result.got = capped(shown.observations(test, report.observations, task.entries), SHOWN_CAP)
    return result, None


def capped(text: str, cap: int = MESSAGE_CAP) -> str:
    """`text` cut to `cap` characters (marked by an ellipsis): what a submission's values make of a message is bounded."""
    return text if len(text) <= cap else text[: cap - 1] + "…"


def observation_problems(test: Test, expected: list[dict], report: Report, task: JudgeTask) -> list[str]:
    """Every way a test's observations and promises differ from the reference's: each output that differs."""
    problems = []
    if test.compare:
        for step, want, got in zip(test.observing_steps(), expected, report.observations):
            arg_names = promises.parameter_names(task.entries, test, step) if step["op"] == "call" else []
            try:
                found = compare_observation(want, got, step.get("label", ""), step.get("names"), task.rtol, task.atol, arg_names)
            except (ArithmeticError, ValueError, TypeError) as exc:  # the submission's values, not the judge, broke it
                found = [f"{step.get('label', '')}: its value cannot be compared with the answer ({type(exc).__name__})"]
            if found:
                problems += found
                break  # later steps build on this one: the first step that differs says the most
    if not problems and test.check is not None:
        try:
            problem = test.check(report.observations)
        except Exception as exc:  # noqa: BLE001 - the submission's values, not the judge, broke the check
            problem = f"its outputs do not have the types or shapes this check needs ({type(exc).__name__})"
        if problem:
            problems.append(problem)
    problems += [promises.describe(record, test, task.entries) for record in report.broken]
    return problems


def _ending_failure(ending: Ending, limits: Limits, complete: bool) -> tuple[Verdict, str] | None:
    """A failure told by how the child ended (a limit even when every test had reported; else only when some had not)."""
    if ending.timed_out and ending.wall_clock and ending.cpu_s < limits.cpu_s:
        return Verdict.time_limit_exceeded, f"still running at the wall-clock limit of {limits.wall_s:g} s, having used {ending.cpu_s:.2f} s of CPU (waiting or sleeping?)"
    if ending.timed_out:
        return Verdict.time_limit_exceeded, f"used up its {limits.cpu_s:g} s of CPU time"
    if complete:
        return None
    if ending.memory_exceeded:
        return Verdict.memory_limit_exceeded, "ran out of memory at the question's memory limit"
    if ending.signal is not None:
        name = signal.Signals(ending.signal).name if ending.signal in signal.Signals._value2member_map_ else str(ending.signal)
        return Verdict.runtime_error, f"killed by signal {name}"
    return Verdict.runtime_error, f"the process exited with code {ending.exit_code} before finishing the tests"
