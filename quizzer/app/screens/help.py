"""The help screen: every key of every screen, read from the screens' own BINDINGS."""

from __future__ import annotations

from importlib import import_module

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

# (title, module, class) of every screen; a module that is missing (not written yet) is skipped.
SCREENS = [
    ("Home", "quizzer.app.screens.home", "HomeScreen"),
    ("Browser", "quizzer.app.screens.browser", "BrowserScreen"),
    ("Question", "quizzer.app.screens.question", "QuestionScreen"),
    ("Answer (concept, choice, numeric)", "quizzer.app.screens.answer", "AnswerScreen"),
    ("Review session", "quizzer.app.screens.review", "ReviewScreen"),
    ("Coding editor", "quizzer.app.screens.coding", "CodingScreen"),
    ("Mock interview", "quizzer.app.screens.mock", "MockSetupScreen"),
    ("Stats", "quizzer.app.screens.stats", "StatsScreen"),
]


def _rows(bindings) -> list[str]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            keys = binding.key_display or " / ".join(binding.key.split(","))
            rows.append(f"| `{keys}` | {binding.description} |")
    return rows


def keys_markdown(app_bindings) -> str:
    """Every key as Markdown tables: the app-wide keys first, then each screen's."""
    parts = ["# Keys", "", "## Everywhere", "", "| key | does |", "|---|---|", *_rows(app_bindings),
             "| `ctrl+p` | Command palette: every action, and every question by title |"]
    for title, module, name in SCREENS:
        try:
            screen = getattr(import_module(module), name)
        except (ImportError, AttributeError):
            continue
        rows = _rows(screen.BINDINGS)
        if rows:
            parts += ["", f"## {title}", "", "| key | does |", "|---|---|", *rows]
    return "\n".join(parts)


class HelpScreen(ModalScreen):
    """A scrollable list of every key; escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close", show=False)]

    def compose(self) -> ComposeResult:
        """The key tables in a scrolling box."""
        with VerticalScroll(id="help-box"):
            yield Markdown(keys_markdown(self.app.BINDINGS))

    def on_mount(self) -> None:
        """Title the box."""
        self.query_one("#help-box").border_title = "Keys (escape closes)"
