"""What a submission produced, made safe for a terminal: `quizzer.core.text.visible` and `json_safe`."""

from __future__ import annotations

import json

import pytest

from quizzer.core.text import json_safe, visible

# What a terminal acts on instead of showing: everything below 0x20 but \n and \t, DEL, C1, and the
# Unicode separators and bidirectional controls.
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\n\t"] + [chr(c) for c in range(0x7F, 0xA0)]
CONTROLS += ["\u061c", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_character_is_shown_as_its_escape(char):
    shown = visible(f"a{char}b")
    assert shown == "a" + repr(char)[1:-1] + "b"
    assert char not in shown


def test_terminal_sequences_come_out_as_plain_characters():
    hostile = "\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[H\raccepted: 14/14"
    assert visible(hostile) == r"\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[H\raccepted: 14/14"


def test_newline_tab_and_ordinary_unicode_are_kept():
    text = "σ(x) ⊙ tanh\n\tok 😀 学习 [bold red]markup[/] \\x1b"
    assert visible(text) == text


def test_lone_surrogates_become_the_replacement_character():
    assert visible("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    visible("\ud800").encode("utf-8")  # encodable now


def test_json_safe_replaces_lone_surrogates_at_any_depth_and_keeps_the_rest():
    data = {"output": "x\ud800", "tests": [{"message": "\udc80\x1b[2J", "passed": 3}], "diagnosis": None, "ok": True}
    cleaned = json_safe(data)
    assert cleaned == {"output": "x\ufffd", "tests": [{"message": "\ufffd\x1b[2J", "passed": 3}], "diagnosis": None, "ok": True}
    text = json.dumps(cleaned)
    assert "\\ud" not in text and "\\u001b" in text and text.isascii()
