"""RetentionBars: the share of reviews remembered per topic, one line each: name, bar, percent, remembered/reviews.

Drawn as text rather than as a plot: a chart's rows cannot always land on its labels
in a small terminal (at 80x24 plotext drew one topic's bar beside another's name),
while one line per topic always agrees with the table beside it.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from quizzer.app.widgets.topic_table import bar

MIN_BAR = 10


class RetentionBars(Widget):
    """A titled list of `quizzer.core.stats.TopicRetention` rows, the bars as wide as the widget allows."""

    DEFAULT_CSS = """
    RetentionBars { height: auto; padding: 0 1; }
    """

    def __init__(self, title: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.topics: list = []

    def show(self, topics: list) -> None:
        """Draw these topics (TopicRetention rows), replacing what was there."""
        self.topics = list(topics)
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        """The title and one line per topic (or the line saying there is none)."""
        return 1 + max(len(self.topics), 1)

    def render(self) -> Text:
        """The title, then a line per topic."""
        text = Text(self.title.center(self.content_size.width).rstrip(), style="bold")
        if not self.topics:
            text.append("\nno reviews yet", style="dim")
            return text
        name_width = max(len(topic.topic) for topic in self.topics)
        counts = [f"{topic.remembered}/{topic.reviews}" for topic in self.topics]
        count_width = max(len(count) for count in counts)
        # name, space, bar, space, "100%", two spaces, the counts
        width = max(self.content_size.width - name_width - 1 - 1 - 4 - 2 - count_width, MIN_BAR)
        for topic, count in zip(self.topics, counts):
            text.append(f"\n{topic.topic:>{name_width}} ")
            drawn = bar(topic.remembered, topic.reviews, width)
            filled = drawn.count("█")
            text.append(drawn[:filled], style="green")
            text.append(drawn[filled:], style="dim")
            text.append(f" {topic.rate:>4.0%}  {count:>{count_width}}")
        return text
