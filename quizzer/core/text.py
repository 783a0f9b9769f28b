"""Question text for a terminal: LaTeX math turned into readable Unicode.

Pure logic (no textual): the CLI's `show` and the app's question view both use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

# $$...$$ first, then $...$ (not across blank lines, not an escaped \$).
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]+?)\$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _markdown_text(text: str) -> str:
    """Text that Markdown shows as it is: W_f or a*b must not turn into emphasis, [l] not into a link."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


_SUPERSCRIPT = str.maketrans("0123456789+-=()abcdeiklmnoprstuvwxyzTLβ⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉⁱᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀᴸᵝᵀ")
_SUBSCRIPT = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
# Macros pylatexenc drops or renders ambiguously, replaced before it runs.
_MACROS = {r"\neq": "≠", r"\ne": "≠", r"\|": "‖", r"\lVert": "‖", r"\rVert": "‖", r"\lvert": "|", r"\rvert": "|", r"\mid": "|"}
_SIMPLE = re.compile(r"^\\?[A-Za-z0-9]+(_[A-Za-z0-9]|_\{[A-Za-z0-9]+\})?$")  # x, 12, \beta, m_t, n_{in}
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


def _braced(text: str, start: int) -> tuple[str, int] | None:
    """The content of the {...} group opening at `start` (balanced), and the index after it."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1 : index], index + 1
    return None


def _fractions(latex: str) -> str:
    # \frac{a}{b} -> a/b, with parentheses around a compound part: 1/(1 - β₁ᵗ), never 1/1 - β₁ᵗ.
    out, index = [], 0
    while (found := re.search(r"\\[dt]?frac\s*", latex[index:])) is not None:
        start = index + found.start()
        numerator = _braced(latex, index + found.end())
        denominator = numerator and _braced(latex, numerator[1])
        if not denominator:
            out.append(latex[index : index + found.end()])
            index += found.end()
            continue
        parts = [_fractions(numerator[0]).strip(), _fractions(denominator[0]).strip()]
        parts = [part if _SIMPLE.match(part) else "(" + part + ")" for part in parts]
        out.append(latex[index:start] + "{" + parts[0] + "/" + parts[1] + "}")
        index = denominator[1]
    return "".join(out) + latex[index:]


def _cases(latex: str) -> str:
    # \begin{cases} a & b \\ c & d \end{cases} -> { a, b; c, d }
    def rows(match: re.Match) -> str:
        body = match.group(1).replace("&", ",")
        return "{ " + "; ".join(row.strip() for row in body.split("\\\\") if row.strip()) + " }"

    return re.sub(r"\\begin\{cases\}(.*?)\\end\{cases\}", rows, latex, flags=re.DOTALL)


def math_to_unicode(latex: str) -> str:
    """One formula in readable Unicode: Greek letters, operators, fractions, super- and subscripts."""
    latex = _fractions(_cases(latex))
    for macro, symbol in _MACROS.items():
        boundary = r"(?![A-Za-z])" if macro[-1].isalpha() else ""  # \ne must not eat \neq or \nearrow
        latex = re.sub(re.escape(macro) + boundary, symbol, latex)
    text = _converter().latex_to_text(_braced_scripts(latex.replace("\\\\", "; ")))
    return re.sub(r"[ \t]+", " ", _single_scripts(text)).strip()


def render_markdown_math(markdown: str) -> str:
    """Markdown with every `$...$` and `$$...$$` replaced by Unicode; code spans left alone."""
    pieces = _CODE.split(markdown)
    for i in range(0, len(pieces), 2):  # even pieces are outside code
        # A formula on display is a paragraph of its own (it wraps in a narrow column; a code block would cut it).
        piece = _DISPLAY.sub(lambda m: "\x00" + _markdown_text(math_to_unicode(m.group(1))) + "\x01", pieces[i])
        piece = re.sub(r"\x01\s*\x00", "  \n", piece)  # formulas in a row: one paragraph, a line each
        piece = piece.replace("\x00", "\n\n").replace("\x01", "\n\n")
        pieces[i] = _INLINE.sub(lambda m: _markdown_text(math_to_unicode(m.group(1))), piece)
    return "".join(pieces)


# What a terminal may act on rather than show: C0 controls but newline and tab, DEL, C1 controls
# (0x9b is a CSI on its own), Unicode line/paragraph separators, and the bidirectional overrides
# and isolates that reorder what is shown around them (a "Trojan source" verdict line).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """Untrusted text (a submission's output, messages, exception names) safe to show on a terminal.

    Every control character but newline and tab is shown as its Python escape (ESC as
    the four characters `\\x1b`), so no title change, clipboard write, clear-screen or
    overwritten line reaches the terminal; lone surrogates, which no stream can encode,
    become U+FFFD. Markup is left as it is: a Rich or Textual face shows the result as
    plain `Text`, never parsing it.
    """
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], _LONE_SURROGATE.sub("\ufffd", text))


def json_safe(value):
    """`value` (JSON data: dicts, lists, strings, numbers) with every lone surrogate in a string replaced by U+FFFD.

    `json.dumps` writes a lone surrogate as `\\udXXX`, which strict parsers refuse; the rest
    of untrusted text is safe in JSON as it is (control characters come out escaped).
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    return value
