"""The command palette (ctrl+p): every app action, the current screen's keys, and every question by title."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name, help, action on the app): reachable from every screen.
APP_COMMANDS = [
    ("Browse questions", "All questions, with filters and search", "browse"),
    ("Review due questions", "Walk through the spaced-repetition queue", "review"),
    ("Continue where I left off", "Open the question touched last", "continue"),
    ("Mock interview", "A timed mixed set of questions", "mock"),
    ("Stats", "Attempts over time and retention by topic", "stats"),
    ("Toggle dark/light theme", "Switch between the dark and light themes", "toggle_theme"),
    ("Keys", "Every key of every screen (f1)", "help"),
    ("Home", "Back to the home screen (ctrl+n, from anywhere)", "home"),
    ("Quit", "Leave quizzer", "quit"),
]


class QuizzerCommands(Provider):
    """App actions, the active screen's bound actions, and "Open <question>" for each question."""

    def _commands(self) -> list[tuple[str, str, object]]:
        commands: list[tuple[str, str, object]] = [
            (name, help, partial(self.app.run_action, action)) for name, help, action in APP_COMMANDS
        ]
        seen = {name for name, _, _ in commands}
        app_actions = {f"app.{action}" for _, _, action in APP_COMMANDS}
        # Keys of the screen the palette was opened from, so "every action is in the palette" holds for each screen;
        # those that run an app command already listed (home's "b Browse") are not listed twice.
        for binding in getattr(self.screen, "BINDINGS", []):
            description = getattr(binding, "description", "")
            if description and description not in seen and binding.action not in app_actions:
                seen.add(description)
                commands.append((description, f"key: {binding.key}", partial(self.screen.run_action, binding.action)))
        bank = getattr(self.app, "bank", None)
        if bank is not None:
            for question in bank.questions.values():
                spec = question.spec
                commands.append(
                    (f"Open: {spec.title}", f"{spec.id} · {spec.topic} · {spec.kind.value}", partial(self.app.open_question, question.id))
                )
        return commands

    async def discover(self) -> Hits:
        """Shown before anything is typed: the app actions and this screen's keys."""
        for name, help, command in self._commands():
            if not name.startswith("Open: "):
                yield DiscoveryHit(name, command, help=help)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the query against every command and question title."""
        matcher = self.matcher(query)
        for name, help, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help)
