"""The mock interview: setup, the timed set, grading the concept answers, the report.

The logic (picking, the clock, the report) is `quizzer.core.mock`; these
screens only show it. The countdown is the app's sub-title, so the header of
every screen of the interview shows it. Coding questions open in the coding
screen in mock mode; concept questions are typed here and self-graded at the
end. When time runs out, whatever is open closes and grading begins.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Markdown, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from quizzer.app.widgets.checklist import Checklist
from quizzer.app.widgets.dialogs import Confirm
from quizzer.app.widgets.grade_bar import GRADE_BINDINGS, GradeBar
from quizzer.app.widgets.title_bar import TitleBar
from quizzer.core.mock import MockConfig, MockInterview, Report, format_clock, pick_questions
from quizzer.core.render import question_markdown
from quizzer.core.text import render_markdown_math, render_plain_math

Clock = Callable[[], float]


class MockSetupScreen(Screen):
    """Choose the length, how many coding and concept questions, and the topics; then start."""

    DEFAULT_CSS = """
    MockSetupScreen #mock-form { padding: 1 2; height: 1fr; }
    MockSetupScreen .mock-row { height: 1; margin-bottom: 1; }
    MockSetupScreen .mock-row Label { width: 20; }
    MockSetupScreen .mock-row Input { width: 10; }
    MockSetupScreen #mock-topics { height: 1fr; min-height: 5; max-height: 16; }
    """
    BINDINGS = [Binding("ctrl+s", "start", "Start")]

    def __init__(self, clock: Clock | None = None, rng: random.Random | None = None) -> None:
        """`clock` and `rng` are for tests: the countdown's clock and the picking's randomness."""
        super().__init__()
        self.clock = clock or time.monotonic
        self.rng = rng or random.Random()

    def compose(self) -> ComposeResult:
        """The form."""
        yield TitleBar()
        with VerticalScroll(id="mock-form"):
            for label, name, value in (("Minutes", "minutes", 45), ("Coding questions", "coding", 2), ("Concept questions", "concept", 3)):
                with Horizontal(classes="mock-row"):
                    yield Label(label)
                    yield Input(str(value), type="integer", id=f"mock-{name}", compact=True)
            yield Label("Topics (none ticked: all topics)")
            yield SelectionList[str](id="mock-topics")
            yield Button("Start the interview (ctrl+s)", id="mock-start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the topics once the bank is loaded."""
        self.sub_title = "mock interview"
        self.watch(self.app, "bank", self._bank_loaded)

    def _bank_loaded(self, bank) -> None:
        if bank is None:
            return
        topics = self.query_one("#mock-topics", SelectionList)
        topics.clear_options()
        topics.add_options([(topic, topic) for topic in bank.topics])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The start button."""
        if event.button.id == "mock-start":
            self.action_start()

    def action_start(self) -> None:
        """Pick the set and start the clock."""
        bank = self.app.bank
        if bank is None:
            self.notify("The question bank is still loading…")
            return
        try:
            config = MockConfig(
                minutes=int(self.query_one("#mock-minutes", Input).value or 0),
                coding=int(self.query_one("#mock-coding", Input).value or 0),
                concept=int(self.query_one("#mock-concept", Input).value or 0),
                topics=tuple(self.query_one("#mock-topics", SelectionList).selected),
            )
        except ValueError as exc:
            self.notify(str(exc), title="Mock interview", severity="error")
            return
        solved = {question for question, status in self.app.store.status().items() if status == "solved"}
        questions = pick_questions(bank, config, self.rng, avoid=solved)
        if not questions:
            self.notify("No questions of those kinds in those topics.", severity="error")
            return
        if len(questions) < config.coding + config.concept:
            self.notify(f"Only {len(questions)} matching question(s) in the bank; the set is smaller.", severity="warning")
        interview = MockInterview(questions, duration_s=config.minutes * 60, clock=self.clock)
        interview.start()
        self.app.switch_screen(MockSessionScreen(interview))


class MockSessionScreen(Screen):
    """The running interview: the set, what was done on each, the countdown; enter opens a question."""

    DEFAULT_CSS = """
    MockSessionScreen #mock-list { height: 1fr; }
    MockSessionScreen #mock-help { padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [Binding("f", "finish", "Finish"), Binding("n", "next", "Next question"), Binding("escape", "finish", "Finish", show=False)]

    def __init__(self, interview: MockInterview) -> None:
        super().__init__()
        self.interview = interview
        self._previous_sub_title = ""
        self._ending = False

    def compose(self) -> ComposeResult:
        """The list of questions."""
        yield TitleBar()
        yield Static("enter: open a question · n: the next one not done · f: finish and grade", id="mock-help")
        yield OptionList(id="mock-list")
        yield Footer()

    def on_mount(self) -> None:
        """Show the set; the countdown starts ticking in the header."""
        self._previous_sub_title = self.app.sub_title
        self._fill()
        self.tick()
        self.set_interval(0.5, self.tick)
        self.query_one("#mock-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        """Back from a question: its time stops; the list shows what was done."""
        self.interview.leave()
        self._fill()

    def on_unmount(self) -> None:
        """Closed without grading (another screen was brought up over it): the header's countdown goes too."""
        if not self._ending:
            self.app.sub_title = self._previous_sub_title

    def _fill(self) -> None:
        options = self.query_one("#mock-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for i, item in enumerate(self.interview.items, 1):
            line = f"{i}. [{item.kind}] {item.question.spec.title} — {item.outcome} · {format_clock(item.seconds)}"
            options.add_option(Option(Text(line), id=str(i - 1)))
        options.highlighted = highlighted if highlighted is not None else 0

    def tick(self) -> None:
        """Update the countdown; end the interview when time is up."""
        if self.interview.finished:
            return  # the header is the grading screen's now
        self.app.sub_title = f"mock interview · {format_clock(self.interview.remaining())} left"
        if self.interview.expired and not self._ending:
            self._ending = True
            self.notify("Time is up.", title="Mock interview", severity="warning")
            self.run_worker(self._close_and_grade(), exclusive=True, group="mock-end")

    async def _close_and_grade(self) -> None:
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            await self.app.pop_screen()
        self._grade()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen question."""
        self.open(int(event.option.id))

    def open(self, index: int) -> None:
        """Open question `index` of the set, booking time to it until it closes."""
        if self.interview.expired:
            return
        item = self.interview.enter(index)
        if item.question.spec.kind.value == "coding":
            from quizzer.app.screens.coding import CodingScreen

            self.app.push_screen(CodingScreen(item.question, mock=self.interview))
        else:
            self.app.push_screen(MockAnswerScreen(item.question, self.interview))

    def action_next(self) -> None:
        """Open the first question not done yet (or the first one)."""
        items = self.interview.items
        pending = [i for i, item in enumerate(items) if not (item.verdict == "accepted" or item.answer.strip())]
        self.open(pending[0] if pending else 0)

    def action_finish(self) -> None:
        """Finish early, after confirming."""
        self.app.push_screen(Confirm("Finish the interview now and grade it?"), lambda yes: yes and self._grade())

    def _grade(self) -> None:
        self.interview.finish()
        self._ending = True
        self.app.sub_title = self._previous_sub_title
        self.app.switch_screen(MockGradeScreen(self.interview))


class MockAnswerScreen(Screen):
    """A concept question in a mock interview: type the answer; it is graded at the end."""

    DEFAULT_CSS = """
    MockAnswerScreen #mock-prompt { height: auto; max-height: 50%; padding: 0 1; }
    MockAnswerScreen #mock-answer { height: 1fr; }
    """
    BINDINGS = [Binding("ctrl+s", "done", "Done", tooltip="Done: back to the set (the answer is kept)")]

    def __init__(self, question, interview: MockInterview) -> None:
        super().__init__()
        self.question = question
        self.interview = interview

    def compose(self) -> ComposeResult:
        """The prompt and a text area."""
        yield TitleBar()
        with VerticalScroll(id="mock-prompt"):
            yield Markdown(question_markdown(self.question))
        yield TextArea(self.interview.item_for(self.question.id).answer, id="mock-answer", placeholder="Your answer; ctrl+s (or escape) when done.")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the answer."""
        self.query_one("#mock-answer", TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Keep the answer in the interview as it is typed."""
        self.interview.record_answer(self.question.id, event.text_area.text)

    def action_done(self) -> None:
        """Back to the set."""
        self.dismiss()


class MockGradeScreen(Screen):
    """After the interview: grade each concept answer against the model answer and rubric."""

    DEFAULT_CSS = """
    MockGradeScreen #grade-scroll { height: 1fr; padding: 0 1; }
    MockGradeScreen .panel { height: auto; border: round $primary; padding: 0 1; margin-bottom: 1; }
    MockGradeScreen Checklist { height: auto; }
    """
    BINDINGS = [*GRADE_BINDINGS, Binding("escape", "skip", "Skip grading", tooltip="Skip grading the rest: straight to the report")]

    def __init__(self, interview: MockInterview) -> None:
        super().__init__()
        self.interview = interview
        self.pending = [item for item in interview.items if item.kind == "concept" and item.answer.strip()]

    def compose(self) -> ComposeResult:
        """Filled in per answer."""
        yield TitleBar()
        yield VerticalScroll(id="grade-scroll")
        yield GradeBar(id="mock-grade-bar")
        yield Footer()

    async def on_mount(self) -> None:
        """Show the first answer, or go straight to the report."""
        self.sub_title = "mock interview · grade your answers"
        await self._show_next()

    async def _show_next(self) -> None:
        if not self.pending:
            self.app.switch_screen(MockReportScreen(self.interview.report()))
            return
        item = self.pending[0]
        spec = item.question.spec
        scroll = self.query_one("#grade-scroll", VerticalScroll)
        await scroll.remove_children()
        left = len(self.pending)
        await scroll.mount_all(
            [
                Label(Text(f"{spec.title}  ({left} answer{'s' * (left > 1)} to grade)", "bold")),
                Vertical(Static(Text(item.answer.strip())), classes="panel", id="grade-yours"),
                Vertical(Markdown(render_markdown_math(spec.model_answer.strip())), classes="panel", id="grade-model"),
                Checklist([render_plain_math(point) for point in spec.rubric], classes="panel", id="grade-rubric"),
            ]
        )
        for selector, title in (("#grade-yours", "Your answer"), ("#grade-model", "Model answer"), ("#grade-rubric", "Rubric: space ticks what you covered")):
            self.query_one(selector).border_title = title
        self.query_one("#grade-rubric", Checklist).focus()

    def on_grade_bar_graded(self, event: GradeBar.Graded) -> None:
        """A grade button was clicked."""
        self.run_worker(self.action_grade(event.rating), exclusive=True, group="grade")

    async def action_grade(self, rating: int) -> None:
        """Grade the answer shown: it goes to the report, the store and the review schedule."""
        if not self.pending:
            return
        from quizzer.core import review

        item = self.pending.pop(0)
        self.interview.grade(item.question.id, rating, covered=self.query_one("#grade-rubric", Checklist).checked)
        review.self_grade(self.app.store, item.question.id, rating, item.answer, self.app.now())
        await self._show_next()

    async def action_skip(self) -> None:
        """Skip grading the rest: straight to the report."""
        self.pending.clear()
        await self._show_next()


class MockReportScreen(Screen):
    """The report: per question the verdict or self-grade and the time spent; the rubric points missed; what to review next."""

    DEFAULT_CSS = """
    MockReportScreen #report-head { padding: 1 2 0 2; text-style: bold; }
    MockReportScreen #report-body { height: 1fr; padding: 0 1; }
    MockReportScreen #report-table { height: auto; margin: 1 0; }
    MockReportScreen #report-details { height: auto; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        """The score, a table of the questions (enter opens one, with its walkthrough), then what to review."""
        yield TitleBar()
        yield Static(self.report.lines()[0], id="report-head")
        with VerticalScroll(id="report-body"):
            yield DataTable(id="report-table", cursor_type="row")
            yield Markdown(self.details(), id="report-details")
        yield Footer()

    def details(self) -> str:
        """Markdown: the rubric points each graded answer missed, then what to review next and its topics."""
        parts = []
        missed = [(i, item) for i, item in enumerate(self.report.items, 1) if item.missed]
        if missed:
            parts.append("**Rubric points missed**")
            for i, item in missed:
                parts.append(f"{i}. {item.question.spec.title}\n" + "\n".join(f"    - {render_markdown_math(point)}" for point in item.missed))
        review = self.report.review_next()
        if not review:
            parts.append("**Nothing to review: every question was done well.**")
            return "\n\n".join(parts)
        parts.append("**Review next**")
        parts.append("\n".join(f"{rank}. {item.question.spec.title} *({item.question.spec.topic})*: {why}" for rank, (item, why) in enumerate(review, 1)))
        parts.append(f"**Topics to review:** {', '.join(self.report.topics_to_review())}")
        return "\n\n".join(parts)

    def on_mount(self) -> None:
        """Fill the table."""
        self.sub_title = "mock interview · report"
        self.query_one("#report-table", DataTable).focus()

    def on_resize(self) -> None:
        """(Re)fill the table to the width: long titles wrap in their column rather than push the outcome off screen."""
        table = self.query_one("#report-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        items = self.report.items
        widths = {"#": len(str(len(items))), "kind": max(len(item.kind) for item in items), "outcome": max(len(item.outcome) for item in items), "time": 7}
        # The screen less the body's padding and a scrollbar; each column has a cell of padding either side.
        title_width = max(self.size.width - 2 - 2 - sum(width + 2 for width in widths.values()) - 2, 20)
        for name in ("#", "kind"):
            table.add_column(name, key=name)
        table.add_column("question", key="question", width=title_width)
        for name in ("outcome", "time"):
            table.add_column(name, key=name)
        for i, item in enumerate(items, 1):
            style = "green" if item.success else "red"
            cells = (str(i), item.kind, Text(item.question.spec.title), Text(item.outcome, style), format_clock(item.seconds))
            table.add_row(*cells, key=item.question.id, height=None)
        table.move_cursor(row=cursor, animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Open the question."""
        self.app.open_question(event.row_key.value)

    def action_close(self) -> None:
        """Back to where the interview was started."""
        self.dismiss()
