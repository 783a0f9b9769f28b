"""Typing saves itself: the draft is stored once typing pauses, so nothing typed is lost on a quit."""

from __future__ import annotations

from textual.widgets import TextArea

DRAFT_DELAY_S = 0.5  # a pause in typing this long saves the draft


class SavesDraftOnPause:
    """Mixin for a screen with a TextArea: `save_draft()` runs DRAFT_DELAY_S after the last keystroke.

    The screen defines `save_draft()`, which stores `self.typed` (the text as last typed).
    """

    typed: str | None = None
    _draft_timer = None

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Keep the text; (re)start the pause before saving it."""
        self.typed = event.text_area.text
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY_S, self.save_draft)
