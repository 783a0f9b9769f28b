"""TitleBar: one line at the top with the app's title and the screen's sub-title.

A lighter stand-in for textual's Header (which costs a noticeable part of the first paint).
"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """Shows "quizzer — <screen sub-title>" and follows changes to the sub-title."""

    def on_mount(self) -> None:
        """Follow the screen's sub-title."""
        self.watch(self.screen, "sub_title", self._show, init=True)

    def _show(self, sub_title: str) -> None:
        title = self.app.title
        self.update(f"[b]{title}[/b] — {sub_title}" if sub_title else f"[b]{title}[/b]")
