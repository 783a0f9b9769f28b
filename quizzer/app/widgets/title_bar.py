"""TitleBar: one line at the top with the app's title and the screen's sub-title.

A lighter stand-in for textual's Header (which costs a noticeable part of the first paint).
"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """Shows "quizzer — <sub-title>": the screen's, else the app's (a mock interview's countdown)."""

    def on_mount(self) -> None:
        """Follow both sub-titles."""
        self.watch(self.screen, "sub_title", self._show, init=False)
        self.watch(self.app, "sub_title", self._show, init=True)

    def _show(self, _changed: str | None = None) -> None:
        title, sub_title = self.app.title, self.screen.sub_title or self.app.sub_title
        self.update(f"[b]{title}[/b] — {sub_title}" if sub_title else f"[b]{title}[/b]")
