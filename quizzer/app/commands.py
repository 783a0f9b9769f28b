"""The command palette (ctrl+p): every app action, the current screen's keys, and every question by title.

Questions are ranked as the browser's search ranks them (quizzer.core.search), so
"open lstm cell" puts the LSTM cell first; actions, and a query with a typo in it,
go by Textual's fuzzy matching.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from quizzer.core.search import Document, relevance, words

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

    def _commands(self) -> list[tuple[str, str, object, Document | None]]:
        """(name, help, command, the question's search document or None) for everything the palette offers."""
        commands: list[tuple[str, str, object, Document | None]] = [
            (name, help, partial(self.app.run_action, action), None) for name, help, action in APP_COMMANDS
        ]
        seen = {name for name, _, _, _ in commands}
        app_actions = {f"app.{action}" for _, _, action in APP_COMMANDS}
        # Keys of the screen the palette was opened from, so "every action is in the palette" holds for each screen;
        # those that run an app command already listed (home's "b Browse") are not listed twice.
        for binding in getattr(self.screen, "BINDINGS", []):
            description = getattr(binding, "description", "")
            if description and description not in seen and binding.action not in app_actions:
                seen.add(description)
                commands.append((description, f"key: {binding.key}", partial(self.screen.run_action, binding.action), None))
        bank = getattr(self.app, "bank", None)
        if bank is not None:
            for question in bank.questions.values():
                spec = question.spec
                document = Document(spec.id, spec.title, tuple(spec.tags), (spec.topic, spec.kind.value), spec.prompt)
                commands.append((f"Open: {spec.title}", f"{spec.id} · {spec.topic} · {spec.kind.value}", partial(self.app.open_question, question.id), document))
        return commands

    async def discover(self) -> Hits:
        """Shown before anything is typed: the app actions and this screen's keys."""
        for name, help, command, document in self._commands():
            if document is None:
                yield DiscoveryHit(name, command, help=help)

    async def search(self, query: str) -> Hits:
        """Questions by relevance to the query (a leading "open" aside), everything else by fuzzy match."""
        matcher = self.matcher(query)
        asked = words(query)
        question_query = " ".join(asked[1:] if asked[:1] == ["open"] else asked)
        for name, help, command, document in self._commands():
            score = matcher.match(name)
            key = relevance(question_query, document) if document is not None and question_query else None
            if key is not None:
                score = question_score(key)
            elif document is not None:
                score /= 2  # found only fuzzily (a typo?): below every question that matches word for word
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help)


def question_score(key: tuple[int, int, int]) -> float:
    """A relevance key (quizzer.core.search.relevance) as a palette score: in (0.5, 1], more relevant higher."""
    rank, leftover_id, leftover_title = key
    return 1.0 - (rank * 100 + min(leftover_id, 9) * 10 + min(leftover_title, 9)) / 1000
