"""The verdict view: a judge result as the coding screen shows it.

The verdict with passed/total, time and seed; then each test with its status
and message (for a wrong answer: what differed); then what the program
printed. Everything the submission produced is shown as plain `Text`, never
parsed as markup, and through `visible`: no escape sequence of its reaches the
terminal.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from quizzer.core.text import visible, visible_line
from quizzer.core.verdicts import verdict_label

_STYLE = {"accepted": "bold green", "wrong_answer": "bold red"}
_MARK = {"pass": ("✔", "green"), "fail": ("✘", "red"), "error": ("!", "yellow")}


def verdict_summary(result, label: str = "submission") -> Text:
    """One line: the verdict, passed/total, time and seed."""
    verdict = result.verdict.value
    line = Text()
    line.append(f"{label}: ", "dim")
    line.append(verdict_label(verdict), _STYLE.get(verdict, "bold yellow"))
    line.append(f"  {result.passed}/{result.total} tests passed · {result.time_ms} ms · seed {result.seed}")
    return line


DIAGNOSIS_KEY_HINT = "ctrl+j, then d: which known mistake this looks like (counts as a hint)"


def result_text(result, label: str = "submission", diagnosis: str | None = None) -> Text:
    """The whole result as Rich text; `diagnosis` is the known-mistake line once the user asked for it.

    A wrong answer the judge recognised says how to ask; the diagnosis itself stays behind that key.
    """
    text = verdict_summary(result, label)
    if diagnosis:
        text.append("\n" + diagnosis, "bold")
    elif getattr(result, "diagnosis", None):
        text.append("\n" + DIAGNOSIS_KEY_HINT, "dim")
    if result.message and result.verdict.value != "wrong_answer":
        text.append("\n" + visible_line(result.message), "yellow")
    for test in result.tests:
        mark, style = _MARK.get(test.status, ("?", ""))
        text.append(f"\n{mark} ", style)
        text.append(f"[{test.visibility}] ", "dim")
        text.append(visible_line(test.name))
        if test.message:
            text.append(f"\n    {visible_line(test.message)}", style)
    if result.output:
        text.append("\n\nyour program printed:\n", "bold")
        text.append(visible(result.output.rstrip()))
    from quizzer.sandbox.isolate import missing_required

    missing = missing_required(result.protections) if result.protections else []  # second layers: `quizzer doctor` says
    if missing:
        text.append(f"\n\nran with weaker isolation (missing: {', '.join(missing)}); see `quizzer doctor`", "dim")
    return text


class VerdictView(VerticalScroll):
    """Shows the latest judge result (or a problem running the judge)."""

    DEFAULT_CSS = """
    VerdictView { height: auto; max-height: 50%; border-top: solid $primary; padding: 0 1; }
    VerdictView.-empty, VerdictView.-hidden { display: none; }
    """
    BINDINGS = [
        # Not in the footer (it would not fit 80 columns): the verdict itself says the key when there is a diagnosis.
        Binding("d", "diagnose", "Known mistake?", show=False, tooltip="In the verdict: which known mistake the wrong answer looks like (recorded like a hint)"),
    ]

    class DiagnosisAsked(Message):
        """The user asked which known mistake the shown result looks like."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result = None
        self.label = "submission"
        self.add_class("-empty")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """`d` is there only while the result shown has a diagnosis."""
        if action == "diagnose":
            return bool(self.result is not None and getattr(self.result, "diagnosis", None))
        return True

    def action_diagnose(self) -> None:
        """Ask the screen to reveal the diagnosis (it records it)."""
        self.post_message(self.DiagnosisAsked())

    def show_diagnosis(self, line: str) -> None:
        """Show the result again with its known-mistake line."""
        self.query_one("#verdict-body", Static).update(result_text(self.result, self.label, diagnosis=line))

    def compose(self):
        """One static body, replaced on each result."""
        yield Static(id="verdict-body")

    def show_result(self, result, label: str = "submission") -> None:
        """Show a `quizzer.core.judge.Result`."""
        self.result, self.label = result, label
        self.remove_class("-empty", "-hidden")
        self.query_one("#verdict-body", Static).update(result_text(result, label))
        self.refresh_bindings()
        self.scroll_home(animate=False)

    def show_problem(self, message: str) -> None:
        """Show that the judge could not give a verdict (e.g. the question itself is broken)."""
        self.result = None
        self.remove_class("-empty", "-hidden")
        self.query_one("#verdict-body", Static).update(Text(visible(message), "bold red"))
        self.refresh_bindings()

    @property
    def text(self) -> str:
        """What the view shows, as plain text (for tests and copying)."""
        body = self.query_one("#verdict-body", Static)
        content = body.content if hasattr(body, "content") else body.renderable
        return content.plain if isinstance(content, Text) else str(content)
