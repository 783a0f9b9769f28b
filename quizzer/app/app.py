"""QuizzerApp: the Textual app's shell (screens, keys, themes, the shared bank and store).

Every screen reaches the shared state through `self.app`:

- `app.store`: the `quizzer.core.store.Store` on QUIZZER_HOME, opened in `__init__` (a few
  milliseconds), so it is there from the first compose. A damaged database was moved aside
  by the Store; its `notice` is shown as a notification at start.
- `app.bank`: the `quizzer.core.bank.Bank`, or None while it loads. Loading (pydantic, every
  question.toml) runs in a thread worker after the first paint, so the first screen comes
  fast. It is a reactive: a screen that needs it calls
  `self.watch(self.app, "bank", callback)` (called at once if already loaded).
- `app.now()`: the clock (timezone-aware UTC) used for due dates and "5 min ago"; tests fix it.
- `app.open_question(id)`, `app.answer(question)`: open the question view, or the screen that
  answers a question (the coding editor for coding questions, the answer screen otherwise).

Keys that work everywhere: ctrl+q / ctrl+c quit, escape goes back, q goes back (quits on home), ctrl+n goes
home, f1 (or ? where nothing is typed) shows every key, ctrl+p opens the command palette, ctrl+t switches dark/light.
A screen the palette or a key opens never piles up: one already in the stack is brought back instead, and a
question opened over another question replaces it (and its answer or editor).
Nothing heavy (NumPy, torch, the judge) is imported here or by the screens at start-up.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var

from quizzer.app.commands import QuizzerCommands
from quizzer.app.screens.home import HomeScreen
from quizzer.core.store import Store

DARK, LIGHT = "textual-dark", "textual-light"


class QuizzerApp(App):
    """Practise for ML interviews: browse, answer, self-grade, review what is due."""

    TITLE = "quizzer"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere (tests, benchmarks) find it too
    COMMANDS = App.COMMANDS | {QuizzerCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("ctrl+c", "quit", "Quit", priority=True, show=False),
        Binding("escape", "back", "Back"),
        Binding("q", "back_or_quit", "Back/quit", show=False, tooltip="Back; quit on the home screen"),
        Binding("ctrl+n", "home", "Home", priority=True, show=False, tooltip="Home, from anywhere"),
        # f1 in the footer: ? is typed into the editors and text boxes, f1 works on every screen.
        Binding("f1,question_mark", "help", "Keys", key_display="f1"),
        Binding("ctrl+t", "toggle_theme", "Dark/light", show=False),
    ]
    # The palette's own "Keys" and "Quit" would stand beside quizzer's (commands.APP_COMMANDS).
    SYSTEM_COMMANDS_COVERED = {"Keys", "Quit"}

    bank = var(None, always_update=True)
    """The question bank (quizzer.core.bank.Bank), None until loaded."""

    class BankLoaded(Message):
        """Posted by the loading worker when the bank is read."""

        def __init__(self, bank) -> None:
            super().__init__()
            self.bank = bank

    def __init__(
        self,
        *,
        home: Path | None = None,
        bank_root: Path | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """`home` overrides QUIZZER_HOME, `bank_root` the installed bank, `clock` the time (all for tests)."""
        super().__init__()
        self.store = Store(home)
        self.bank_root = bank_root
        self._clock = clock
        saved = self.store.setting("theme")
        self.theme = saved if saved in self.available_themes else DARK

    def now(self) -> datetime:
        """The current time (timezone-aware UTC), or the fixed time a test gave."""
        return self._clock() if self._clock else datetime.now(timezone.utc)

    def get_default_screen(self) -> HomeScreen:
        """The home screen is the bottom of the stack: q there quits."""
        return HomeScreen()

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        """Textual's palette commands (theme, screenshot, maximize) except those quizzer has its own of."""
        for command in super().get_system_commands(screen):
            if command.title not in self.SYSTEM_COMMANDS_COVERED:
                yield command

    def on_mount(self) -> None:
        """Say if the database was moved aside; load the bank once the first screen is up."""
        self._exit_on_signals()
        # Any change of theme (ctrl+t, or the palette's own theme picker) is kept for the next run.
        self.theme_changed_signal.subscribe(self, lambda theme: self.store.save_setting("theme", theme.name))
        if self.store.notice:
            self.notify(self.store.notice, title="Progress database", severity="warning", timeout=20)
        self.call_after_refresh(self._load_bank)

    def _exit_on_signals(self) -> None:
        # SIGTERM (kill) and SIGHUP (terminal closed) would otherwise end the process with the
        # terminal still in raw mode on the alternate screen: exit normally instead, which restores it.
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            try:
                loop.add_signal_handler(getattr(signal, name), self.exit)
            except (AttributeError, NotImplementedError, RuntimeError, ValueError):
                pass  # not on this platform, or not the main thread: the default action stays

    @work(thread=True, exclusive=True, group="bank")
    def _load_bank(self) -> None:
        from quizzer.core.bank import load_bank

        self.post_message(self.BankLoaded(load_bank(self.bank_root)))

    def on_quizzer_app_bank_loaded(self, message: BankLoaded) -> None:
        """Publish the bank; tell the user about broken questions (the browser lists them)."""
        self.bank = message.bank
        if message.bank.broken:
            count = len(message.bank.broken)
            self.notify(f"{count} question{'s' * (count > 1)} could not be loaded; see the browser", severity="warning")

    def on_unmount(self) -> None:
        """Stop the judge's sandbox zygote (if the coding screen started one); close the database."""
        from quizzer.app import judging

        judging.shutdown(self)
        self.store.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide "Back" on the home screen, where there is nothing to go back to (a dialog or the palette over it closes itself)."""
        from textual.screen import ModalScreen

        if action == "back" and sum(not isinstance(screen, ModalScreen) for screen in self.screen_stack) <= 1:
            return False
        return True

    # -- navigation ------------------------------------------------------------------

    def action_back(self) -> None:
        """Escape: leave the current screen (never the home screen)."""
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_home(self) -> None:
        """Back to the home screen, closing every screen above it."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def _bring_up(self, kinds: tuple[type, ...], make: Callable[[], object]) -> None:
        """Show the screen of one of `kinds` nearest the top of the stack (closing those above it), else push `make()`."""
        stack = self.screen_stack
        for depth, screen in enumerate(reversed(stack)):
            if isinstance(screen, kinds):
                for _ in range(depth):
                    self.pop_screen()
                return
        self.push_screen(make())

    def action_back_or_quit(self) -> None:
        """q: quit from the home screen, go back from any other."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.exit()

    def action_help(self) -> None:
        """Show every key."""
        from quizzer.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_browse(self) -> None:
        """Open the question browser."""
        from quizzer.app.screens.browser import BrowserScreen

        self._bring_up((BrowserScreen,), BrowserScreen)

    def action_review(self) -> None:
        """Start a session over the questions due for review."""
        from quizzer.app.screens.review import ReviewScreen

        self._bring_up((ReviewScreen,), ReviewScreen)

    def action_continue(self) -> None:
        """Open the question last attempted, graded, drafted or hinted."""
        last = self.store.last_touched()
        if last is None:
            self.notify("Nothing to continue yet: pick a question in the browser (b).")
        else:
            self.open_question(last)

    def action_mock(self) -> None:
        """Set up a mock interview (or go back to the one running)."""
        try:
            from quizzer.app.screens import mock
        except ImportError as exc:
            self.notify(f"The mock interview is not available: {exc}", severity="error")
            return
        self._bring_up((mock.MockSetupScreen, mock.MockSessionScreen, mock.MockGradeScreen, mock.MockReportScreen), mock.MockSetupScreen)

    def action_stats(self) -> None:
        """Show attempts over time and retention by topic."""
        try:
            from quizzer.app.screens.stats import StatsScreen
        except ImportError as exc:
            self.notify(f"Stats are not available: {exc}", severity="error")
            return
        self._bring_up((StatsScreen,), StatsScreen)

    def open_question(self, question_id: str) -> None:
        """Show one question; a broken or unknown id becomes a notification, never a crash.

        Screens about another question on top of the stack (its view, answer, editor) close
        first: opening question after question from the palette does not pile them up.
        """
        if self.bank is None:
            self.notify("The question bank is still loading…")
            return
        question = self.bank.get(question_id)
        if question is None:
            errors = self.bank.broken.get(question_id)
            why = f"is broken: {errors[0].location or 'file'}: {errors[0].message}" if errors else "is not in the bank"
            self.notify(f"{question_id} {why}", severity="error")
            return
        from quizzer.app.screens.question import QuestionScreen

        # Every screen about one question keeps it in `.question`.
        while len(self.screen_stack) > 1 and getattr(self.screen, "question", None) is not None:
            self.pop_screen()
        self.push_screen(QuestionScreen(question))

    def answer(self, question, callback: Callable | None = None, order: list[int] | None = None) -> None:
        """Open the screen that answers `question`: the coding editor, or the answer screen (a choice
        question's options in `order`, the question view's, so both letter them alike; default a fresh shuffle)."""
        if question.spec.kind == "coding":
            try:
                from quizzer.app.screens.coding import CodingScreen
            except ImportError as exc:
                self.notify(f"The code editor is not available: {exc}", severity="error")
                return
            self.push_screen(CodingScreen(question), callback)
        else:
            from quizzer.app.screens.answer import AnswerScreen

            self.push_screen(AnswerScreen(question, order), callback)
