"""Checklist: an option list whose items tick on and off (space or enter); long items wrap."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

BOXES = {False: "☐", True: "☑"}


class Checklist(OptionList):
    """Items with a tick box each; `checked` holds the ticked indexes.

    Unlike SelectionList, an item longer than the width wraps with its box shown once.
    """

    BINDINGS = [Binding("space", "toggle", "Tick", key_display="space", tooltip="Tick or untick the highlighted item (enter too)")]

    def __init__(self, items: list[str], **kwargs) -> None:
        """`items` are the texts, in order."""
        self.items = list(items)
        self.checked: set[int] = set()
        super().__init__(*(self._prompt(i) for i in range(len(self.items))), markup=False, **kwargs)  # items are text as it is: δ^[l] is no tag

    def _prompt(self, index: int) -> str:
        return f"{BOXES[index in self.checked]} {self.items[index]}"

    def toggle(self, index: int) -> None:
        """Tick or untick one item."""
        self.checked.symmetric_difference_update({index})
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def action_toggle(self) -> None:
        """Tick or untick the highlighted item."""
        if self.highlighted is not None and not self.disabled:
            self.toggle(self.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) ticks too."""
        event.stop()
        if not self.disabled:
            self.toggle(event.option_index)
