"""The help screen: every key of every screen, read from the screens' own BINDINGS.

A binding's `tooltip`, when it has one, is the longer wording shown here (the
footer shows the short `description`). The keys Textual's own widgets give
(moving between panes, ticking a checklist) are listed where they matter.
"""

from __future__ import annotations

import textwrap
from importlib import import_module

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static

# (title, [(module, class)], extra rows of (keys, what they do)): every screen of the app, in the order a user meets them.
SECTIONS = [
    ("Home", [("quizzer.app.screens.home", "HomeScreen")], [("enter", "Open the due or recent question highlighted")]),
    ("Browser", [("quizzer.app.screens.browser", "BrowserScreen")], [("enter", "Open the highlighted question")]),
    ("Question", [("quizzer.app.screens.question", "QuestionScreen")], []),
    (
        "Answer (concept, choice, numeric)",
        [("quizzer.app.screens.answer", "AnswerScreen"), ("quizzer.app.widgets.checklist", "Checklist")],
        [("enter", "Numeric: check the number typed")],
    ),
    ("Review session", [("quizzer.app.screens.review", "ReviewScreen")], []),
    ("Coding editor", [("quizzer.app.screens.coding", "CodingScreen"), ("quizzer.app.widgets.verdict", "VerdictView")], [("tab", "Indent (in the editor)")]),
    ("Mock interview: setup", [("quizzer.app.screens.mock", "MockSetupScreen")], []),
    ("Mock interview: the set", [("quizzer.app.screens.mock", "MockSessionScreen")], [("enter", "Open the highlighted question")]),
    ("Mock interview: a concept answer", [("quizzer.app.screens.mock", "MockAnswerScreen")], []),
    ("Mock interview: grading", [("quizzer.app.screens.mock", "MockGradeScreen"), ("quizzer.app.widgets.checklist", "Checklist")], []),
    ("Mock interview: report", [("quizzer.app.screens.mock", "MockReportScreen")], [("enter", "Open the highlighted question")]),
    ("Stats", [("quizzer.app.screens.stats", "StatsScreen")], []),
]
EVERYWHERE = [
    ("ctrl+p", "Command palette: every action and question"),
    ("tab / shift+tab", "Next / previous pane (tab indents in editors)"),
]

KEY_WIDTH = 16
KEY_NAMES = {"question_mark": "?", "slash": "/"}


def _row(keys: str, description: str, width: int | None) -> str:
    """One key's line, the description wrapped to `width` cells under itself (not under the keys)."""
    indent = 2 + KEY_WIDTH + 1
    lines = textwrap.wrap(description, max(width - indent, 20)) if width else [description]
    rows = [f"  [b $accent]{escape(keys):<{KEY_WIDTH}}[/] {escape(lines[0])}"]
    return "\n".join(rows + [" " * indent + escape(line) for line in lines[1:]])


def _rows(bindings, width: int | None) -> list[str]:
    """One row per action: the keys bound to it (merged) and what it does."""
    keys_of: dict[str, list[str]] = {}
    what: dict[str, str] = {}
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            keys = keys_of.setdefault(binding.action, [])
            keys += [KEY_NAMES.get(key.strip(), key.strip()) for key in binding.key.split(",")]
            what.setdefault(binding.action, binding.tooltip or binding.description)
    return [_row(" / ".join(keys), what[action], width) for action, keys in keys_of.items()]


def keys_text(app_bindings, width: int | None = None) -> str:
    """Every key as Textual markup, the app-wide keys first, then each screen's; descriptions wrapped to `width`."""
    parts = ["[b]Everywhere[/b]", *_rows(app_bindings, width), *(_row(keys, what, width) for keys, what in EVERYWHERE)]
    for title, classes, extra in SECTIONS:
        bindings = [binding for module, name in classes for binding in getattr(import_module(module), name).BINDINGS]
        parts += ["", f"[b]{escape(title)}[/b]", *_rows(bindings, width), *(_row(keys, what, width) for keys, what in extra)]
    return "\n".join(parts)


class HelpScreen(ModalScreen):
    """A scrollable list of every key; escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close", show=False)]

    def compose(self) -> ComposeResult:
        """The key tables in a scrolling box."""
        with VerticalScroll(id="help-box"):
            yield Static(keys_text(self.app.BINDINGS), id="help-text")

    def on_resize(self) -> None:
        """Wrap the descriptions to the box's width."""
        text = self.query_one("#help-text", Static)
        text.update(keys_text(self.app.BINDINGS, width=self.query_one("#help-box").scrollable_content_region.width))

    def on_mount(self) -> None:
        """Title the box."""
        self.query_one("#help-box").border_title = "Keys (escape closes)"
