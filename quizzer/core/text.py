"""Question text for a terminal: LaTeX math turned into readable Unicode.

Pure logic (no textual): the CLI's `show` and the app's question view both use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

# $$...$$ first, then $...$ (not across blank lines, not an escaped \$).
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]+?)\$")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


_SUPERSCRIPT = str.maketrans("0123456789+-=()nTlLi⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿᵀˡᴸⁱᵀ")
_SUBSCRIPT = str.maketrans("0123456789+-=()ijklmnt", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ᵢⱼₖₗₘₙₜ")
_TABLES = {"^": _SUPERSCRIPT, "_": _SUBSCRIPT}


def _script(mark: str, body: str) -> str | None:
    """`body` in Unicode super/subscript if every character has one, else None."""
    converted = body.translate(_TABLES[mark])
    if any(new == old and not old.isspace() for new, old in zip(converted, body)):
        return None
    return converted


def _braced_scripts(latex: str) -> str:
    # Before pylatexenc, which drops braces: ^{l-1} becomes ˡ⁻¹ or, failing that, ^(l-1).
    def replace(match: re.Match) -> str:
        mark, body = match.group(1), match.group(2)
        converted = _script(mark, body)
        return "{}" + converted if converted is not None else mark + "{(" + body + ")}"

    return re.sub(r"([\^_])\{([^{}]*)\}", replace, latex)


def _single_scripts(text: str) -> str:
    # After pylatexenc: x_t, x^2, W^⊤ with one character.
    def replace(match: re.Match) -> str:
        converted = _script(match.group(1), match.group(2))
        return converted if converted is not None else match.group(0)

    return re.sub(r"([\^_])([A-Za-z0-9⊤])(?![A-Za-z0-9])", replace, text)


def math_to_unicode(latex: str) -> str:
    """One formula in readable Unicode: Greek letters, operators, super- and subscripts."""
    text = _converter().latex_to_text(_braced_scripts(latex.replace("\\\\", " ")))
    return re.sub(r"[ \t]+", " ", _single_scripts(text)).strip()


def render_markdown_math(markdown: str) -> str:
    """Markdown with every `$...$` and `$$...$$` replaced by Unicode; code spans left alone."""
    pieces = _CODE.split(markdown)
    for i in range(0, len(pieces), 2):  # even pieces are outside code
        piece = _DISPLAY.sub(lambda m: "\n\n    " + math_to_unicode(m.group(1)) + "\n\n", pieces[i])
        pieces[i] = _INLINE.sub(lambda m: math_to_unicode(m.group(1)), piece)
    return "".join(pieces)
