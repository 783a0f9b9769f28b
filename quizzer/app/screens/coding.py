"""The coding screen: the prompt beside a code editor that runs the examples and submits.

The draft is saved as you type (debounced) and whenever the screen goes away,
so quitting or a crash loses at most the last fraction of a second. Judging
runs in a thread worker (`quizzer.app.judging`, through the sandbox's zygote,
warmed up when the screen opens): the screen stays live, shows a spinner and
the elapsed time, and refuses a second judgement while one runs.
Each submission is recorded (`quizzer.core.attempts.record_submission`) by the
worker on its own database connection, so it is kept even if the screen closes.
"""

from __future__ import annotations

import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, LoadingIndicator, Markdown, TextArea

from quizzer.app import judging
from quizzer.app.screens.draft import SavesDraftOnPause
from quizzer.app.widgets.dialogs import PathPrompt, give_up_then
from quizzer.app.widgets.title_bar import TitleBar
from quizzer.app.widgets.verdict import VerdictView
from quizzer.core import review
from quizzer.core.attempts import record_in_store
from quizzer.core.bank import Question
from quizzer.core.render import question_markdown
from quizzer.core.text import render_markdown_math



class CodingScreen(SavesDraftOnPause, Screen):
    """One coding question: prompt, editor, examples, submit, verdict, hints and walkthrough.

    With `mock` (a `quizzer.core.mock.MockInterview`) it is part of a mock
    interview: verdicts go to the interview, hints and the walkthrough are off,
    and the header's sub-title is left to the interview's countdown.
    """

    DEFAULT_CSS = """
    #coding-body { height: 1fr; }
    #coding-prompt { width: 2fr; padding: 0 1; }
    #coding-work { width: 3fr; }
    #editor { height: 1fr; }
    #judge-progress { height: 1; }
    #judge-progress.-idle { display: none; }
    #judge-progress LoadingIndicator { width: 8; height: 1; }
    #judge-elapsed { width: auto; padding-left: 1; }
    CodingScreen.-narrow #coding-body { layout: vertical; }
    CodingScreen.-narrow #coding-prompt { width: 1fr; height: 1fr; }  /* the editor and the verdict need the room more */
    CodingScreen.-narrow #coding-work { width: 1fr; height: 3fr; }
    CodingScreen VerdictView:focus { border-top: thick $accent; }  /* ctrl+j went there: show it */
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # below 110 columns the prompt goes above the editor
    AUTO_FOCUS = "#editor"  # what is typed at once goes into the code, not to the prompt beside it

    # Short words in the footer (it must fit 80 columns), the whole story in the tooltip (help shows it).
    # Tab indents in the editor, so the verdict has a key of its own.
    BINDINGS = [
        Binding("ctrl+r", "run_examples", "Run", tooltip="Run the visible examples (not recorded)"),
        Binding("ctrl+s", "submit", "Submit", tooltip="Submit: judge against every test, recorded"),
        Binding("ctrl+j", "focus_verdict", "Verdict", tooltip="To the verdict (to scroll it) and back"),
        Binding("ctrl+g", "hint", "Hint", tooltip="Reveal the next hint (recorded)"),
        Binding("ctrl+b", "walkthrough", "Walkthrough", show=False, tooltip="The walkthrough (after a solve, or giving up)"),
        Binding("ctrl+o", "open_editor", "$EDITOR", show=False, tooltip="Edit the code in $VISUAL / $EDITOR"),
        Binding("ctrl+l", "load_file", "Load file", show=False, tooltip="Replace the code with a file"),
        Binding("ctrl+f", "toggle_verdict", "Hide/show the verdict", show=False),
        # The code editor would take escape to let go of the focus; here it means what the footer says.
        Binding("escape", "app.back", "Back", priority=True),
    ]

    class Judged(Message):
        """A judgement finished (posted from the worker thread)."""

        def __init__(self, result, visible_only: bool, recorded: str) -> None:
            super().__init__()
            self.result = result
            self.visible_only = visible_only
            self.recorded = recorded  # "" when recorded (or not meant to be), else why not

    class JudgeFailed(Message):
        """The judge could not give a verdict (a broken question, or a bug in the judge)."""

        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, question: Question, mock=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.mock = mock
        self.judging = False
        self._judge_started = 0.0
        self._saved = ""
        self._progress_timer = None
        self._hints = 0
        self._walkthrough = False
        self._solved_here = False

    # -- building ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Hints and the walkthrough do not exist in a mock interview (hidden from the footer)."""
        if self.mock is not None and action in ("hint", "walkthrough"):
            return False
        return True

    def compose(self) -> ComposeResult:
        """Prompt on the left, editor, progress and verdict on the right."""
        store = self.app.store
        draft = store.draft(self.question.id)
        text = draft if draft is not None else self.question.starter_path.read_text(encoding="utf-8")
        self._saved = self.typed = text
        self._hints = 0 if self.mock else min(store.hints_revealed(self.question.id), len(self.question.spec.hints))
        yield TitleBar()
        with Horizontal(id="coding-body"):
            with VerticalScroll(id="coding-prompt"):
                yield Markdown(self._prompt_markdown(), id="prompt")
            with Vertical(id="coding-work"):
                yield TextArea.code_editor(text, language="python", theme="css", id="editor")
                with Horizontal(id="judge-progress", classes="-idle"):
                    yield LoadingIndicator()
                    yield Label("", id="judge-elapsed")
                yield VerdictView(id="verdict")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the editor; get the judge service ready (nothing heavy loads yet)."""
        self._judge = judging.service(self.app)
        self._warm_judge()
        if self.mock is None:
            self.sub_title = self.question.spec.title
        self.query_one("#editor", TextArea).focus()

    def _prompt_markdown(self) -> str:
        text = question_markdown(self.question, with_hints=self._hints)
        if self._walkthrough:
            text += "\n\n## Walkthrough\n\n" + render_markdown_math(self.question.spec.walkthrough.strip())
        return text

    def _refresh_prompt(self, scroll_end: bool = False) -> None:
        self.run_worker(self._update_prompt(scroll_end), group="prompt")

    async def _update_prompt(self, scroll_end: bool) -> None:
        await self.query_one("#prompt", Markdown).update(self._prompt_markdown())
        if scroll_end:  # once the new blocks are laid out, show what was just revealed
            scroll = self.query_one("#coding-prompt", VerticalScroll)
            self.call_after_refresh(scroll.scroll_end, animate=False)

    @property
    def editor(self) -> TextArea:
        """The code editor."""
        return self.query_one("#editor", TextArea)

    # -- the draft ---------------------------------------------------------------------

    def save_draft(self) -> None:
        """Store the editor's text as the question's draft, if it changed."""
        if self.typed != self._saved:
            self.app.store.save_draft(self.question.id, self.typed)
            self._saved = self.typed

    def on_screen_suspend(self) -> None:
        """Another screen covers this one: keep the draft."""
        self.save_draft()

    def on_unmount(self) -> None:
        """Leaving (or quitting): keep the draft."""
        try:
            self.save_draft()
        except Exception as exc:  # the store may already be closed on an abnormal exit; say so, never crash
            self.log.error(f"draft not saved: {exc!r}")

    def set_code(self, text: str) -> None:
        """Replace the editor's text (undoable) and save it as the draft at once."""
        editor = self.editor
        editor.replace(text, editor.document.start, editor.document.end)
        self.typed = text
        self.save_draft()

    # -- judging -----------------------------------------------------------------------

    def action_run_examples(self) -> None:
        """Judge the code on the visible examples only (not recorded)."""
        self.start_judging(visible_only=True)

    def action_submit(self) -> None:
        """Judge the code on every test and record the attempt."""
        self.start_judging(visible_only=False)

    def start_judging(self, visible_only: bool) -> bool:
        """Start a judgement unless one is running; True if started."""
        if self.judging:
            self.notify("Still judging the last run: wait for its verdict.", severity="warning")
            return False
        self.typed = self.editor.text
        self.save_draft()
        self.judging = True
        self._judge_started = time.monotonic()
        self.query_one("#judge-progress").remove_class("-idle")
        self._tick()
        self._progress_timer = self.set_interval(0.1, self._tick)
        self._judge_worker(self.typed, visible_only, self.app.store.home, self.mock)
        return True

    def _tick(self) -> None:
        elapsed = time.monotonic() - self._judge_started
        self.query_one("#judge-elapsed", Label).update(f"judging… {elapsed:.1f} s")

    @work(thread=True, group="judge-warm")
    def _warm_judge(self) -> None:
        """Load the judge and start the sandbox's zygote while the user reads the prompt."""
        try:
            self._judge.warm()
        except Exception as exc:  # a judgement retries the start and shows the error; here only log it
            self.log.warning(f"judge warm-up failed: {exc!r}")

    @work(thread=True, exclusive=True, group="judge")
    def _judge_worker(self, code: str, visible_only: bool, home, mock) -> None:
        """Judge (blocking) in a thread; record a submission; post the outcome back.

        Everything it needs comes as arguments: when the app quits mid-judgement this
        thread still finishes and records the attempt, but `self.app` is gone by then.
        """
        source = code.encode("utf-8")
        try:
            result = self._judge.judge(self.question, source, visible_only=visible_only)
        except Exception as exc:  # the worker's boundary: show what went wrong, never kill the app
            from quizzer.core.judge import BankError, MissingRequirement, SandboxError

            if isinstance(exc, BankError):
                problem = f"the question itself is broken: {exc}"
            elif isinstance(exc, (SandboxError, MissingRequirement)):
                problem = f"not judged, nothing recorded: {exc}"
            else:
                problem = f"the judge failed: {exc!r}"
            self.post_message(self.JudgeFailed(problem))
            return
        recorded = "" if visible_only else record_in_store(home, self.question.id, result, source)[1]
        if mock is not None and not visible_only:  # here, not in the handler: kept even if time ran out meanwhile
            mock.record_verdict(self.question.id, result.verdict.value, result.passed, result.total)
        self.post_message(self.Judged(result, visible_only, recorded))

    def _judging_done(self) -> None:
        self.judging = False
        if self._progress_timer is not None:
            self._progress_timer.stop()
        self.query_one("#judge-progress").add_class("-idle")

    def on_coding_screen_judged(self, message: Judged) -> None:
        """Show the verdict; a solve unlocks the walkthrough."""
        self._judging_done()
        result = message.result
        self.query_one(VerdictView).show_result(result, "examples" if message.visible_only else "submission")
        if message.recorded:
            self.notify(message.recorded, title="Attempt not recorded", severity="error")
        if message.visible_only:
            return
        if result.verdict.value == "accepted":
            self._solved_here = True
            more = "" if self.mock else " The walkthrough is on ctrl+b."
            self.notify(f"Accepted: {result.passed}/{result.total} tests passed.{more}", title="Solved")

    def on_coding_screen_judge_failed(self, message: JudgeFailed) -> None:
        """Show why there is no verdict."""
        self._judging_done()
        self.query_one(VerdictView).show_problem(message.problem)

    def on_verdict_view_diagnosis_asked(self, message: VerdictView.DiagnosisAsked) -> None:
        """Show which known mistake the wrong answer looks like, recorded like a hint (not in a mock interview)."""
        if self.mock is not None:
            self.notify("Not during a mock interview: ask after it, from the question.")
            return
        from quizzer.core.practice import reveal_diagnosis

        view = self.query_one(VerdictView)
        line = reveal_diagnosis(self.app.store, self.question.id, view.result, self.app.now())
        if line is not None:
            view.show_diagnosis(line)

    def action_focus_verdict(self) -> None:
        """Move the focus to the verdict (to scroll it), or from it back to the editor."""
        view = self.query_one(VerdictView)
        if view.has_focus:
            self.editor.focus()
        elif view.has_class("-empty"):
            self.notify("No verdict yet: ctrl+r runs the examples, ctrl+s submits.")
        else:
            view.remove_class("-hidden")
            view.focus()

    def action_toggle_verdict(self) -> None:
        """Hide the verdict to give the editor room, or show it again."""
        view = self.query_one(VerdictView)
        if view.result is not None or view.has_class("-hidden"):
            view.toggle_class("-hidden")

    # -- the editor outside and files -----------------------------------------------------

    def action_open_editor(self) -> None:
        """Edit the code in $VISUAL/$EDITOR (the app is suspended meanwhile), then take the change back."""
        from quizzer.app.external import edit_in_editor

        try:
            edited = edit_in_editor(self.app, self.editor.text, self.question.id)
        except (OSError, ValueError) as exc:
            self.notify(str(exc), title="Editor", severity="error")
            return
        if edited is None:
            self.notify("The editor made no change.")
        else:
            self.set_code(edited)
            self.notify("Took the code back from the editor.")

    def action_load_file(self) -> None:
        """Ask for a path and replace the code with that file."""
        self.app.push_screen(PathPrompt("Load code from file", placeholder="path to a .py file"), self._load_path)

    def _load_path(self, path: str | None) -> None:
        if not path:
            return
        from pathlib import Path

        from quizzer.core.submission import SubmissionFileError, read_submission

        target = Path(path).expanduser()
        try:  # the same checks as `quizzer submit FILE`: a FIFO or /dev/zero must not hang the app
            text = read_submission(target).decode("utf-8-sig")
        except (SubmissionFileError, UnicodeDecodeError) as exc:
            self.notify(f"cannot read {target}: {exc}", title="Load file", severity="error", markup=False)
            return
        self.set_code(text)
        self.notify(f"Loaded {target.name}.")

    # -- hints and walkthrough -----------------------------------------------------------

    def action_hint(self) -> None:
        """Reveal the next hint (recorded)."""
        from quizzer.core.practice import reveal_hint

        hint = reveal_hint(self.app.store, self.question, self.app.now())
        if hint is None:
            self.notify("No more hints: the walkthrough is on ctrl+b.")
            return
        self._hints = hint.number
        self._refresh_prompt(scroll_end=True)

    def action_walkthrough(self) -> None:
        """Show the walkthrough: at once after a solve, else after confirming to give up."""
        if self._walkthrough:
            return
        if self._solved_here or review.walkthrough_open(self.app.store, self.question.id):
            self._show_walkthrough()
        else:
            give_up_then(self, self.question.id, self._show_walkthrough)

    def _show_walkthrough(self) -> None:
        self._walkthrough = True
        self._refresh_prompt(scroll_end=True)
