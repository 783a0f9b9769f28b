"""The help screen: every key of every screen, read from the screens' own BINDINGS."""

from __future__ import annotations

from importlib import import_module

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.markup import escape
from textual.widgets import Static

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


KEY_WIDTH = 14
KEY_NAMES = {"question_mark": "?", "slash": "/"}


def _row(keys: str, description: str) -> str:
    return f"  [b $accent]{escape(keys):<{KEY_WIDTH}}[/] {escape(description)}"


def _rows(bindings) -> list[str]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            keys = " / ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in binding.key.split(","))
            rows.append(_row(keys, binding.description))
    return rows


def keys_text(app_bindings) -> str:
    """Every key as Textual markup: the app-wide keys first, then each screen's."""
    parts = ["[b]Everywhere[/b]", *_rows(app_bindings), _row("ctrl+p", "Command palette: every action, and every question by title")]
    for title, module, name in SCREENS:
        try:
            screen = getattr(import_module(module), name)
        except (ImportError, AttributeError):
            continue
        rows = _rows(screen.BINDINGS)
        if rows:
            parts += ["", f"[b]{escape(title)}[/b]", *rows]
    return "\n".join(parts)


class HelpScreen(ModalScreen):
    """A scrollable list of every key; escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close", show=False)]

    def compose(self) -> ComposeResult:
        """The key tables in a scrolling box."""
        with VerticalScroll(id="help-box"):
            yield Static(keys_text(self.app.BINDINGS), id="help-text")

    def on_mount(self) -> None:
        """Title the box."""
        self.query_one("#help-box").border_title = "Keys (escape closes)"
