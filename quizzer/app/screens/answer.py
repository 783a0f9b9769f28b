"""Answering concept, choice and numeric questions.

Concept: type an answer, reveal the model answer beside it with the rubric as a checklist,
then grade yourself 1-4 (Again/Hard/Good/Easy). Choice and numeric grade themselves and feed
the review schedule with a derived rating. The screen dismisses with the rating given (or None
when left before grading), so a review session knows whether to move on.
"""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Collapsible, Footer, Input, Markdown, Static, TextArea

from quizzer.app.screens.draft import SavesDraftOnPause
from quizzer.app.widgets.checklist import Checklist
from quizzer.app.widgets.grade_bar import GRADE_BINDINGS, GradeBar
from quizzer.app.widgets.title_bar import TitleBar
from quizzer.core import review
from quizzer.core.practice import choice_answer
from quizzer.core.progress import until
from quizzer.core.answers import parse_number
from quizzer.core.render import option_labels, question_markdown, shuffled_order
from quizzer.core.text import render_markdown_math, render_plain_math



class AnswerScreen(SavesDraftOnPause, Screen):
    """Answer one concept, choice or numeric question."""

    BINDINGS = [
        Binding("ctrl+s", "check", "Check / reveal", priority=True),
        *GRADE_BINDINGS,
        Binding("n", "done", "Done / next"),
    ]

    def __init__(self, question, order: list[int] | None = None) -> None:
        """`question` is a quizzer.core.bank.Question whose kind is concept, choice or numeric; a choice
        question's options come in `order` (the question view's), or a fresh shuffle."""
        super().__init__()
        self.question = question
        self.kind = question.spec.kind.value
        self.revealed = False
        self.rating: int | None = None
        self.started = time.monotonic()
        if order is None and self.kind == "choice":
            order = shuffled_order(len(question.spec.options))
        self.order: list[int] = order or []  # choice: the spec's option index shown at each position

    def compose(self) -> ComposeResult:
        """The prompt, then the answer area for this kind, then (hidden) the feedback."""
        spec = self.question.spec
        yield TitleBar()
        with VerticalScroll(id="answer-scroll"):
            yield Markdown(self._prompt(), id="answer-prompt")
            if self.kind == "concept":
                with Horizontal(id="answer-pair"):
                    with Vertical(id="your-box", classes="panel"):
                        yield TextArea(self.app.store.draft(self.question.id) or "", id="answer-text", placeholder="Type your answer, then ctrl+s to reveal the model answer.")
                    with VerticalScroll(id="model-box", classes="panel hidden"):
                        yield Markdown(render_markdown_math(spec.model_answer.strip()), id="model-answer")
                with Vertical(id="rubric-box", classes="panel hidden"):
                    yield Checklist([render_plain_math(point) for point in spec.rubric], id="rubric")
            elif self.kind == "choice":
                shown = [spec.options[i] for i in self.order]
                options = [f"{label}. {render_plain_math(o.text)}" for label, o in zip(option_labels(len(shown)), shown)]
                yield Static("Tick " + ("every right option" if spec.multiple else "the right option") + " (space), then ctrl+s.", classes="answer-help")
                yield Checklist(options, id="choice-options")
                yield Button("Check (ctrl+s)", id="check", variant="primary", compact=True)
            else:
                yield Static(f"Your answer{f' in {spec.unit}' if spec.unit else ''}, then enter:", classes="answer-help")
                # Plain text, parsed as typed: a number field would silently drop the ^ of 2^-4 or the , of 0,5.
                yield Input(placeholder="a number: 0.0625, 6.25e-2, 1/16 or 2^-4", id="numeric-input")
            yield Markdown(id="feedback", classes="hidden")
            with Collapsible(title="Walkthrough", id="walkthrough", classes="hidden", collapsed=True):
                yield Markdown(render_markdown_math(spec.walkthrough.strip()))
        if self.kind == "concept":
            yield GradeBar(id="grade-bar", classes="hidden")
        yield Footer()

    def _prompt(self) -> str:
        text = question_markdown(self.question, self.app.store.hints_revealed(self.question.id))
        if self.kind == "choice":
            # The options are the checklist below: cut the "## Options" section (up to the next heading or hint).
            start = text.find("## Options")
            if start != -1:
                ends = [i for i in (text.find("\n## ", start + 1), text.find("\n**Hint", start)) if i != -1]
                text = text[:start] + text[min(ends) if ends else len(text):]
        return text

    def on_mount(self) -> None:
        """Titles; focus the place to answer."""
        self.sub_title = f"answer · {self.question.id}"
        for box, title in (("#your-box", "Your answer"), ("#model-box", "Model answer"), ("#rubric-box", "Rubric: space ticks what you covered")):
            for widget in self.query(box):
                widget.border_title = title
        first = {"concept": "#answer-text", "choice": "#choice-options", "numeric": "#numeric-input"}[self.kind]
        self.query_one(first).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show "Check / reveal" before the answer is checked, "Done / next" after (concept: the grades)."""
        if action == "check":
            return not self.revealed
        if action == "done":
            return self.revealed and self.kind != "concept"
        return True

    # -- concept -------------------------------------------------------------------

    def save_draft(self) -> None:
        """Store the typed answer now."""
        if self.kind == "concept" and not self.revealed and self.typed is not None:
            self.app.store.save_draft(self.question.id, self.typed)

    def on_unmount(self) -> None:
        """Leaving before the timer fired still keeps the draft."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self.save_draft()

    def _reveal_concept(self) -> None:
        text = self.query_one("#answer-text", TextArea)
        self.save_draft()
        text.read_only = True
        self.revealed = True
        self.refresh_bindings()
        for selector in ("#model-box", "#rubric-box", "#grade-bar", "#walkthrough"):
            self.query_one(selector).remove_class("hidden")
        self.query_one("#rubric", Checklist).focus()
        scroll = self.query_one("#answer-scroll", VerticalScroll)
        self.call_after_refresh(lambda: scroll.scroll_to_widget(self.query_one("#answer-pair"), animate=False, top=True))

    def on_grade_bar_graded(self, event: GradeBar.Graded) -> None:
        """A grade button was clicked."""
        self.action_grade(event.rating)

    def action_grade(self, rating: int) -> None:
        """Self-grade a revealed concept answer; its card is rescheduled from the rating."""
        if self.kind != "concept" or not self.revealed or self.rating is not None:
            return
        answer = self.query_one("#answer-text", TextArea).text
        due = review.self_grade(self.app.store, self.question.id, rating, answer, self.app.now())
        self.app.store.clear_draft(self.question.id)
        self.rating = rating
        self.notify(f"Graded {review.RATING_NAMES[rating]}; next review {until(due, self.app.now())}.")
        self.dismiss(rating)

    # -- choice and numeric ---------------------------------------------------------

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """The Check button."""
        if event.button.id == "check":
            await self.action_check()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the number box checks it."""
        await self.action_check()

    async def action_check(self) -> None:
        """Concept: reveal the model answer. Choice and numeric: grade the answer and show why."""
        if self.revealed:
            return
        if self.kind == "concept":
            self._reveal_concept()
            return
        if self.kind == "choice":
            correct, answer, feedback = self._check_choice()
        else:
            checked = self._check_numeric()
            if checked is None:
                return
            correct, answer, feedback = checked
        self.revealed = True
        self.refresh_bindings()
        duration_ms = int((time.monotonic() - self.started) * 1000)
        self.rating, due = review.record_answer(self.app.store, self.question.id, correct, answer, duration_ms, self.app.now())
        verdict = "**Right.**" if correct else "**Not quite.**"
        box = self.query_one("#feedback", Markdown)
        box.remove_class("hidden")
        self.query_one("#walkthrough").remove_class("hidden")
        await box.update(f"{verdict} Next review {until(due, self.app.now())}. Press n to go on.\n\n{feedback}")
        scroll = self.query_one("#answer-scroll", VerticalScroll)
        scroll.focus()
        # The Markdown's blocks are laid out on the next refresh; scroll once they have a size.
        self.call_after_refresh(scroll.scroll_to_widget, box, animate=False, top=True)

    def _check_choice(self) -> tuple[bool, str, str]:
        """(right?, the answer as stored, the feedback). Stored with the spec's own letters, as `quizzer show` lists them."""
        spec = self.question.spec
        ticked = self.query_one("#choice-options", Checklist).checked  # positions on screen
        chosen = {self.order[position] for position in ticked}  # the options' indexes in the spec
        correct, answer = choice_answer(spec, chosen)
        labels = option_labels(len(spec.options))
        lines = []
        for position, i in enumerate(self.order):
            option = spec.options[i]
            mark = "✓" if option.correct else "✗"
            yours = " *(your pick)*" if position in ticked else ""
            lines.append(f"- {mark} **{labels[position]}.** {render_markdown_math(option.text)}{yours}  \n  {render_markdown_math(option.why)}")
        self.query_one("#choice-options", Checklist).disabled = True
        return correct, answer, "\n".join(lines)

    def _check_numeric(self) -> tuple[bool, str, str] | None:
        spec = self.question.spec
        field = self.query_one("#numeric-input", Input)
        typed = field.value.strip()
        if not typed:
            self.notify("Type a number first.", severity="warning")
            return None
        try:
            value = parse_number(typed)
        except ValueError as exc:
            self.notify(f"Not graded: {exc}.", severity="warning")
            return None
        field.disabled = True
        unit = f" {spec.unit}" if spec.unit else ""
        said = f"{value:g}" if typed == f"{value:g}" else f"`{typed}` = {value:g}"
        return spec.is_right(value), typed, f"The answer is **{spec.answer:g}{unit}** (± {spec.tolerance:g}); you said {said}{unit}."

    def action_done(self) -> None:
        """Leave once answered (dismissing with the rating, for a review session)."""
        if self.revealed and self.kind != "concept":
            self.dismiss(self.rating)
        elif self.kind == "concept" and self.revealed:
            self.notify("Grade yourself first: 1 Again, 2 Hard, 3 Good, 4 Easy.")

