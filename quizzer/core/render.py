"""Questions and verdicts as text for a terminal (Markdown), shared by the CLI and the app."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from quizzer.core.examples import preamble
from quizzer.core.text import render_markdown_math, visible, visible_line

if TYPE_CHECKING:  # a verdict is rendered without them: the bank's models load pydantic, a third of a cold `submit`
    from quizzer.core.bank import Question
    from quizzer.core.spec import Coding


def option_labels(count: int) -> list[str]:
    """The letters options are shown with: A, B, C, ..."""
    return [chr(65 + i) for i in range(count)]


def shuffled_order(count: int) -> list[int]:
    """A fresh order to show `count` options in, as their indexes in the spec: the app shuffles a choice
    question's options on each visit, so a review tests the idea, not where its option stood last time."""
    return random.sample(range(count), count)


def question_markdown(question: Question, with_hints: int = 0, order: list[int] | None = None) -> str:
    """The question as Markdown: title, prompt (math as Unicode), interface, examples, options.

    A choice question's options come in `order` (their indexes in the spec; default the spec's own),
    lettered A, B, ... as shown.
    """
    from quizzer.core.spec import Choice, Coding, Numeric

    spec = question.spec
    lines = [f"# {spec.title}", "", f"*{spec.id}* · {spec.topic} · {spec.kind.value} · {spec.difficulty.value}"]
    if spec.tags:
        lines[-1] += " · tags: " + ", ".join(spec.tags)
    lines += ["", render_markdown_math(spec.prompt.strip()), ""]
    if spec.notes:
        lines += ["## From the interview notes", ""]
        for name in spec.notes:
            lines += ["```python", question.notes_path(name).read_text(encoding="utf-8").strip("\n"), "```", ""]
    if isinstance(spec, Coding):
        lines += ["## Interface", ""]
        for entry in spec.entries:
            lines.append(f"- {entry.type} `{entry.signature}`" + (f": {entry.doc}" if entry.doc else ""))
            if entry.attributes:
                lines.append(f"  - attributes: {', '.join(f'`{a}`' for a in entry.attributes)}")
            for method, params in entry.methods.items():
                lines.append(f"  - method `{method}({', '.join(params)})`")
        lines += [
            "",
            f"Allowed imports: the standard library and {', '.join(spec.allowed_imports) or 'nothing else'}. "
            f"Time limit {spec.time_limit_s:g} s, memory {spec.memory_limit_mb} MiB. Outputs must have exactly the shapes and dtypes "
            f"the question asks for; values are compared with rtol={spec.rtol:g}, atol={spec.atol:g}.",
            "",
        ]
        lines += _examples_markdown(spec)
    if isinstance(spec, Choice):
        lines += ["## Options", ""]
        shown = [spec.options[i] for i in order] if order is not None else spec.options
        for label, option in zip(option_labels(len(shown)), shown):
            lines += [f"- **{label}.** {render_markdown_math(option.text)}"]  # a list item each: never one run-on paragraph
        lines.append("")
        lines.append("(more than one option is right)" if spec.multiple else "(one option is right)")
    if isinstance(spec, Numeric):
        lines.append(f"Answer in {spec.unit}." if spec.unit else "Answer with a plain number (no unit).")
    for i, hint in enumerate(spec.hints[:with_hints], 1):
        lines += ["", f"**Hint {i}.** {render_markdown_math(hint)}"]
    return "\n".join(lines)


def _examples_markdown(spec: Coding) -> list[str]:
    """The examples as notebook cells: the preamble they run after, then each cell and what it prints."""
    if not spec.examples:
        return []
    lines = [
        "## Examples",
        "",
        "Run in order, like notebook cells, with your file's names defined (a later one continues an earlier one), after:",
        "",
        "```python",
        preamble(spec),
        "```",
        "",
    ]
    for i, example in enumerate(spec.examples, 1):
        lines += [f"### Example {i}", "", "```python", example.code.strip("\n"), "```", "", "prints:", "", "```text", example.output.strip("\n"), "```", ""]
    return lines


def diagnosis_line(result) -> str | None:
    """`looks like a known mistake: <bug>` when the judge recognised the wrong answer, else None.

    The CLI prints it with the verdict; a face that keeps it behind a key (it gives the answer
    away) shows this line when asked and records it like a hint.
    """
    diagnosis = getattr(result, "diagnosis", None)
    return f"looks like a known mistake: {visible_line(diagnosis['bug'])}" if diagnosis else None


def verdict_text(result, show_visible: bool = False, diagnosis: bool = True) -> str:
    """A judge result for a terminal: the verdict, then one line per test.

    A visible test that did not pass (every visible test with `show_visible`, as
    `quizzer test` shows them) also shows its calls, what was expected and what the
    file gave. Tests not run after a failure to load are one line; the tolerance is
    stated once; a wrong answer that behaves like a known mistake says which
    (`diagnosis=False` leaves that out, for a face that shows it only when asked).

    Messages, names, values and output came from the submission: shown through `visible`, never raw,
    and a message or a name on its one line (`visible_line`): only the program's output keeps its newlines.
    """
    lines = [f"{result.verdict.value}: {result.passed}/{result.total} tests passed in {result.time_ms} ms (seed {result.seed})"]
    if result.message and result.verdict.value != "wrong_answer":
        lines.append(f"  {visible_line(result.message)}")
    not_run = 0
    for test in [*result.tests, None]:
        if test is not None and test.status == "error" and test.message == "not run":
            not_run += 1
            continue
        if not_run:
            lines.append(f"  ---- {not_run} test{'s' if not_run > 1 else ''} not run")
            not_run = 0
        if test is None:
            break
        mark = {"pass": "ok  ", "fail": "FAIL", "error": "ERR "}[test.status]
        lines.append(f"  {mark} [{test.visibility}] {visible_line(test.name)}" + (f": {visible_line(test.message)}" if test.message else ""))
        if test.inputs is not None and (show_visible or test.status != "pass"):
            for title, text in (("calls", test.inputs), ("expected", test.expected), ("got", test.got)):
                if text:
                    lines.append(f"         {title}:")
                    lines += [f"           {line}" for line in visible(text).splitlines()]
    if any(test.status == "fail" for test in result.tests) and getattr(result, "tolerance", None):
        lines.append(f"  (values compared with rtol={result.tolerance['rtol']:g}, atol={result.tolerance['atol']:g})")
    if diagnosis and diagnosis_line(result):
        lines.append(diagnosis_line(result))
    if result.output:
        lines += ["", "your program printed:", visible(result.output.rstrip())]
    from quizzer.sandbox.isolate import missing_required

    missing = missing_required(result.protections) if result.protections else []  # second layers: `quizzer doctor` says
    if missing:
        lines.append(f"warning: ran with weaker isolation (missing: {', '.join(missing)}); see `quizzer doctor`")
    return "\n".join(lines)
