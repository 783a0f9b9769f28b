"""The question view: the prompt (Markdown, math as Unicode), interface, examples, hints, walkthrough."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown

from quizzer.app.widgets.title_bar import TitleBar
from quizzer.core import review
from quizzer.core.render import question_markdown, shuffled_order
from quizzer.core.text import render_markdown_math


class QuestionScreen(Screen):
    """One question. Hints come one at a time; the walkthrough after solving or giving up."""

    BINDINGS = [
        Binding("a,enter", "answer", "Answer", key_display="a"),
        Binding("h", "hint", "Hint"),
        Binding("w", "walkthrough", "Walkthrough"),
    ]

    def __init__(self, question) -> None:
        """`question` is a quizzer.core.bank.Question."""
        super().__init__()
        self.question = question
        # A choice question's options, shuffled for this visit: the answer screen shows them in the same order.
        self.order = shuffled_order(len(question.spec.options)) if question.spec.kind == "choice" else None

    def compose(self) -> ComposeResult:
        """The question as one scrolling Markdown document."""
        yield TitleBar()
        with VerticalScroll(id="question-scroll"):
            yield Markdown(id="question-text")
        yield Footer()

    def on_mount(self) -> None:
        """Render; the scroll box takes the keys (arrows, page up/down)."""
        self.sub_title = self.question.id
        self.render_question()
        self.query_one("#question-scroll").focus()

    def on_screen_resume(self) -> None:
        """Back from answering: it may be solved now (walkthrough unlocked)."""
        self.render_question()

    def render_question(self) -> None:
        """Prompt, revealed hints, and the walkthrough when earned."""
        spec = self.question.spec
        revealed = self.app.store.hints_revealed(self.question.id)
        text = question_markdown(self.question, with_hints=revealed, order=self.order)
        left = len(spec.hints) - revealed
        footer = [f"*{left} more hint{'s' * (left != 1)} (h).*" if left else "*No more hints.*"]
        if review.walkthrough_open(self.app.store, self.question.id):
            text += "\n\n## Walkthrough\n\n" + render_markdown_math(spec.walkthrough.strip())
        else:
            footer.append("*Walkthrough after you solve it, or give up with w.*")
        self.query_one("#question-text", Markdown).update(text + "\n\n---\n\n" + " ".join(footer))

    def action_answer(self) -> None:
        """Answer: the code editor for coding questions, the answer screen otherwise."""
        self.app.answer(self.question, order=self.order)

    def action_hint(self) -> None:
        """Reveal the next hint (and record that it was revealed)."""
        from quizzer.core.practice import reveal_hint

        if reveal_hint(self.app.store, self.question, self.app.now()) is None:
            self.notify("No more hints.")
            return
        self.render_question()
        self.query_one("#question-scroll", VerticalScroll).scroll_end(animate=False)

    def action_walkthrough(self) -> None:
        """Show the walkthrough: straight away once solved, otherwise after confirming you give up."""
        if review.walkthrough_open(self.app.store, self.question.id):
            self._show_walkthrough()
            return
        from quizzer.app.widgets.dialogs import give_up_then

        give_up_then(self, self.question.id, self._show_walkthrough)

    def _show_walkthrough(self) -> None:
        self.render_question()
        self.query_one("#question-scroll", VerticalScroll).scroll_end(animate=False)
