"""Helpers shared by the app's Pilot tests."""

from __future__ import annotations

import asyncio
import functools
import html
import re
import time

_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" clip-path="url\(#[\w-]*-line-(\d+)\)">([^<]*)</text>')
_CELL_WIDTH = 12.2  # pixels per terminal cell in Textual's SVG export (font size 20 x 0.61)


def pilot_test(test):
    """Run an async test body with asyncio (no async pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def screen_lines(app) -> list[str]:
    """The screen as a person sees it: one string per terminal line, read from the app's own screenshot."""
    rows: dict[int, dict[int, str]] = {}
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        start = round(float(x) / _CELL_WIDTH)
        cells = rows.setdefault(int(line), {})
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            cells[start + offset] = char
    width, height = app.size
    return ["".join(rows.get(y, {}).get(x, " ") for x in range(width)).rstrip() for y in range(height)]


async def until(pilot, condition, timeout_s: float = 30.0, what: str = "the condition"):
    """Let the app run until `condition()` is true (returning its value); fail after `timeout_s`.

    For tests that would otherwise sleep a fixed time and hope (a debounce, the palette's search).
    """
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def footer_keys_cut(app) -> list[str]:
    """The keys the footer holds but the screen does not show whole (cut off at the right edge)."""
    footer_line = screen_lines(app)[-1]
    return [
        f"{key.key_display} {key.description}"
        for key in app.screen.query("Footer FooterKey")
        if f"{key.key_display} {key.description}" not in footer_line
    ]


async def settled(pilot, timeout_s: float = 30.0) -> None:
    """Let the app run until its screen stops changing (three identical screenshots in a row)."""
    deadline = time.monotonic() + timeout_s
    shots = [pilot.app.export_screenshot()]
    while len(shots) < 3 or len(set(shots[-3:])) > 1:
        assert time.monotonic() < deadline, "timed out waiting for the screen to settle"
        await pilot.pause(0.05)
        shots.append(pilot.app.export_screenshot())
