"""Typed answers read as the user typed them (numbers), never as what is left after dropping characters."""

from __future__ import annotations

import math


def parse_number(text: str) -> float:
    """The number `text` spells (a decimal or scientific notation, with an optional sign); ValueError otherwise.

    Nothing is dropped or guessed: "0,0625" or "1e" are refused rather than graded as some other number.
    """
    cleaned = text.strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text.strip()!r} is not a finite number")
    return value
