"""A coding question's examples, run like notebook cells against a file, in the sandbox.

The examples run in order in one namespace, the submitted file's, after a fixed
preamble (`PREAMBLES`, shown with the question so a reader can run them too).
The file is untrusted, so they run in the sandboxed child (its example mode):
the child gets the file and the example code, never the output the question
shows; what it printed comes back as text and is compared here.
"""

from __future__ import annotations

from dataclasses import dataclass

# What runs before the first example: the imports, and print options that make the values
# printed short and the same on every machine (4 decimals, no scientific notation for small values).
PREAMBLES = {
    "numpy": "import numpy as np\nnp.set_printoptions(precision=4, suppress=True)",
    "torch": "import numpy as np\nimport torch\nnp.set_printoptions(precision=4, suppress=True)\ntorch.set_printoptions(precision=4)",
}
PRINTED_CAP = 64 * 1024  # characters kept of what one example printed (the child caps it too)


@dataclass(frozen=True)
class ExampleRun:
    """One example run against a file: its code, what the question shows, what it printed."""

    code: str
    shown: str  # the output the question shows
    printed: str  # what the example printed (untrusted when the file is: make it `text.visible` before a terminal)
    error: str = ""  # why it did not run to its end: an exception, a limit, the file not loading

    @property
    def matches(self) -> bool:
        """True when it ran and printed what the question shows (trailing whitespace aside)."""
        return not self.error and normalised(self.printed) == normalised(self.shown)


def normalised(text: str) -> str:
    """Text with trailing whitespace dropped from every line and from the end: all a comparison forgives."""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def preamble(spec) -> str:
    """The code that runs before a coding question's first example."""
    return PREAMBLES[spec.framework]


def run_examples(task, source: bytes) -> list[ExampleRun]:
    """Run a coding question's examples against `source` in the sandbox; one `ExampleRun` each.

    `task` is a coding `bank.Question` or a `task.JudgeTask` (its question is read from its folder).
    Raises `judge.SandboxError` when the sandbox cannot run at all and `judge.MissingRequirement`
    when the question needs PyTorch and it is not installed: neither says anything about the file.
    """
    from quizzer.core.judge import SandboxError, check_requirements, limits_for, safe_spawner
    from quizzer.core.task import JudgeTask

    question = _question(task)
    judge_task = task if isinstance(task, JudgeTask) else JudgeTask.from_question(question)
    examples = question.spec.examples
    if not examples:
        return []
    check_requirements(judge_task)
    cells = [preamble(question.spec), *(example.code for example in examples)]
    job = {"allowed_imports": list(judge_task.allowed_imports), "entries": list(judge_task.entries), "examples": cells}
    child = safe_spawner()(job, source, limits_for(judge_task))
    try:
        reports, stopped = _read(child, len(cells))
    finally:
        ending = child.finish()
    if ending.sandbox_error:
        raise SandboxError(ending.sandbox_error)
    if reports and reports[0][1]:  # the preamble failed: the first example is where a reader sees it
        reports[:2] = [("", ""), ("", "the preamble failed: " + reports[0][1])]
    elif len(reports) < len(cells) and not (reports and reports[-1][1]):  # stopped before the next cell reported
        reports += [("", "")] * (not reports) + [("", stopped or _ending(ending, child.limits))]
    runs = []
    for index, example in enumerate(examples, 1):
        printed, error = reports[index] if index < len(reports) else ("", f"not run: example {len(reports) - 1} did not finish")
        runs.append(ExampleRun(example.code.strip("\n"), example.output.strip("\n"), printed, error))
    return runs


def _question(task):
    """The bank question of `task`."""
    from quizzer.core.bank import load_question
    from quizzer.core.task import JudgeTask

    if not isinstance(task, JudgeTask):
        return task
    question, errors = load_question(task.folder)
    if question is None:
        from quizzer.core.judge import BankError

        raise BankError("; ".join(str(error) for error in errors))
    return question


def _read(child, count: int) -> tuple[list[tuple[str, str]], str]:
    """(printed, error) of each cell that reported, in order, and why no more came ("" when not known)."""
    from quizzer.sandbox.protocol import ProtocolError

    reports: list[tuple[str, str]] = []
    try:
        frame = child.next_frame()
        if frame is not None and frame.get("event") == "failed":
            return reports, f"the file did not load: {frame.get('verdict')}: {str(frame.get('message', ''))[:1000]}"
        if frame is not None and frame.get("event") != "loaded":
            raise ProtocolError("expected the child to report loading")
        while frame is not None and (frame := child.next_frame()) is not None and frame.get("event") != "done":
            printed, error = frame.get("printed"), frame.get("error")
            if frame.get("event") != "example" or frame.get("index") != len(reports) or len(reports) >= count or type(printed) is not str:
                raise ProtocolError("example results out of order")
            message = "" if error is None else str(error.get("message") if type(error) is dict else "") or "the example failed"
            reports.append((printed[:PRINTED_CAP], message[:1000]))
            if message:
                break
    except ProtocolError as exc:
        return reports, f"the file broke the judge's channel: {exc}"
    return reports, ""


def _ending(ending, limits) -> str:
    """Why the child stopped before running every example, from how it ended."""
    if ending.timed_out:
        return f"time limit exceeded ({limits.cpu_s:g} s of CPU for all the examples)"
    if ending.memory_exceeded:
        return f"memory limit exceeded ({limits.memory_mb} MiB)"
    if ending.signal is not None:
        return f"killed by signal {ending.signal}"
    return f"the process exited with code {ending.exit_code} before finishing the examples"
