"""Question text for a terminal: LaTeX math turned into readable Unicode.

Pure logic (no textual): the CLI's `show` and the app's question view both use it.

One rule for scripts, everywhere: a subscript is written `_t`, `_in`, `_(t-1)` (a terminal
has Unicode subscripts for only a few letters, and `W_f` beside `Wᵢ` reads as two notations); a
superscript that is a number is raised (`x²`, `10⁻⁴`), the transpose is `ᵀ`, any other
superscript is `^t`, `^(-x)`, `^[l]`. Operator names keep a space before a letter (`max x`,
`log softmax`), binary relations and operators keep a space on each side (`a ≥ b`, `f ⊙ c`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# $$...$$ first, then $...$ (not across blank lines, not an escaped \$).
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]+?)\$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)
_SPACE = "\uf8ff"
_TAKES_ARGUMENT = "hat|bar|tilde|vec|dot|ddot|breve|check|acute|grave|overline|underline|widehat|widetilde|sqrt|mathrm|mathbf|mathcal|mathbb|mathsf|mathit|text|textbf|textit|operatorname"
PANE_WIDTH = 40  # the narrowest column a formula is shown in (the app's prompt pane)
# Where a long displayed formula is broken, best first: before a relation, then also before + or -, then a product.
_BREAK_BEFORE = ("=≈≤≥<>←→", "=≈≤≥<>←→+\\-", "=≈≤≥<>←→+\\-⊙·×")


def _markdown_text(text: str, start: bool = False) -> str:
    """Text that Markdown shows as it is: W_f or a*b must not turn into emphasis, [l] not into a link;
    at the `start` of a line, `+ b` or `- c` not into a list item."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^([+\-])", r"\\\1", text) if start else text


@lru_cache(maxsize=1)
def _converter():
    from pylatexenc.latex2text import LatexNodes2Text

    # Spaces as the source has them: a macro does not swallow the space after it (`\odot c`, `\ell =`).
    return LatexNodes2Text(math_mode="text", strict_latex_spaces="based-on-source")


_SUPERSCRIPT = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_RAISED = re.compile(r"^[+-]?\d+$")  # the superscripts that are raised: numbers
_WORD = re.compile(r"^[A-Za-z0-9\u0370-\u03ff\u2113]+$")  # letters (Greek, ℓ too) and digits: a script that needs no parentheses
# Macros pylatexenc drops or renders ambiguously, replaced before it runs.
_MACROS = {
    r"\neq": "≠", r"\ne": "≠", r"\|": "‖", r"\lVert": "‖", r"\rVert": "‖", r"\Vert": "‖", r"\lvert": "|", r"\rvert": "|",
    r"\mid": "|", r"\gtrsim": "≳", r"\lesssim": "≲", r"\det": r"\operatorname{det}",
}
# Operator names: written upright, with a space before an argument that is not in brackets.
_OPERATORS = "argmax|argmin|max|min|log|ln|exp|sin|cos|tan|tanh|sinh|cosh|det|lim|sup|inf|erf|sign|diag|softmax|ReLU"
_OPERATOR = re.compile(r"\\(?:operatorname\*?\{(" + _OPERATORS + r")\}|mathrm\{(" + _OPERATORS + r")\}|(" + _OPERATORS + r")(?![A-Za-z]))\s*")
# Binary relations and operators written as macros: a space on each side.
_BINARY = re.compile(
    r"\s*\\(odot|cdot|times|otimes|oplus|le|leq|ge|geq|approx|to|rightarrow|leftarrow|Rightarrow|mapsto|in|notin|"
    r"equiv|sim|propto|ll|gg|gtrsim|lesssim)(?![A-Za-z])\s*"
)
_RELATION = re.compile(r"\s*(?<![<>!\\+\-*/])(=|<|>|≠|≳|≲)(?!=)\s*")  # plain ones, outside scripts


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
    # \frac{a}{b} -> a/b, with parentheses around a compound part: 1/(1 - β₁ᵗ), never 1/1 - β₁ᵗ;
    # and a space before what follows it: 1/2 Var(z), ∂L/∂y ∂F/∂x.
    latex = re.sub(r"\\([dt]?frac)\s*([A-Za-z0-9])\s*([A-Za-z0-9])", r"\\\1{\2}{\3}", latex)  # \frac12, \frac1m
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
        parts = [part if _simple(part) else "(" + part + ")" for part in parts]
        apart = " " if re.match(r"\s*([A-Za-z0-9(\[]|\\(?!(right|big|Big|bigr|Bigr)(?![A-Za-z]))[A-Za-z])", latex[denominator[1] :]) else ""
        out.append(latex[index:start] + "{" + parts[0] + "/" + parts[1] + "}" + apart)
        index = denominator[1]
    return "".join(out) + latex[index:]


def _simple(part: str) -> bool:
    """A fraction part that needs no parentheses: x, 12, \\beta, m_t, n_{in}, \\partial W^{[l]}, e^{x_i}, \\sqrt{d}."""
    script = r"(\s*[_^](\{[^{}]*\}|[A-Za-z0-9]|\\[A-Za-z]+))*"
    return re.match(r"^((\\partial\s*)?\\?[A-Za-z0-9]+|\\sqrt\s*\{[^{}]*\})" + script + "$", part) is not None


def _cases(latex: str) -> str:
    # \begin{cases} a & b \\ c & d \end{cases} -> { a, b; c, d }
    def rows(match: re.Match) -> str:
        body = match.group(1).replace("&", ",")
        return "{ " + "; ".join(row.strip() for row in body.split("\\\\") if row.strip()) + " }"

    return re.sub(r"\\begin\{cases\}(.*?)\\end\{cases\}", rows, latex, flags=re.DOTALL)


def _operators(latex: str) -> str:
    # \max x -> "max x", \log\mathrm{softmax} -> "log softmax", \max(x) and \max_j stay tight, \arg\max -> "argmax".
    latex = re.sub(r"\\arg\s*\\(max|min)(?![A-Za-z])", r"\\operatorname{arg\1}", latex)

    def name(match: re.Match) -> str:
        word = next(group for group in match.groups() if group)
        rest = latex[match.end() :]
        argument = re.match(r"[A-Za-z0-9]|\\(?!(left|right|big|Big|bigl|Bigl|quad|qquad)(?![A-Za-z]))[A-Za-z]", rest)
        after_a_factor = re.search(r"[A-Za-z0-9)\]]$", latex[: match.start()])  # y \log a: y log a, not ylog a
        return " " * bool(after_a_factor) + "\\operatorname{" + word + "}" + (" " if argument else "")  # max x, log softmax; max(x), max_j tight

    return _OPERATOR.sub(name, latex)


def _script_body(body: str) -> str:
    """A script's text (itself converted: scripts inside scripts, macros), kept tight: `_(k=1)`."""
    return _convert(body, script=True) if body.strip() else ""


def _scripts(latex: str, keep: list[str]) -> str:
    """Every ^ and _ by the module's rule; each converted script is kept aside as a placeholder.

    The placeholders (private-use characters) pass through pylatexenc untouched, so neither its
    brace-stripping nor its handling of `_` can change a script once it is written.
    """
    out, index, after_subscript = [], 0, False
    while index < len(latex):
        char = latex[index]
        if char not in "^_" or (index and latex[index - 1] == "\\"):
            out.append(char)
            after_subscript = after_subscript and char in "}"  # x_{i}^2: still right after the subscript
            index += 1
            continue
        group = _braced(latex, index + 1)
        if group is not None:
            body, index = group
        else:
            token = re.match(r"\\[A-Za-z]+|\\.|.", latex[index + 1 :], re.DOTALL)
            body = token.group(0) if token else ""
            index += 1 + len(body)
        keep.append(_script(char, body, after_subscript))
        out.append(chr(0xF0000 + len(keep) - 1))
        after_subscript = char == "_"
    return "".join(out)


def _script(mark: str, body: str, after_subscript: bool) -> str:
    """One script as text: `_t`, `_(t-1)`, `²`, `ᵀ`, `^[l]ᵀ`, `^(-x)`."""
    body, transpose = body.strip(), ""
    if mark == "^":
        if body == "T":
            return "ᵀ"
        if body in (r"\prime", "'"):
            return "'"
        found = re.match(r"^(.*?)\s*\\(?:top|intercal)$", body, re.DOTALL)  # W^{[l]\top}: the script, then the transpose
        if found:
            body, transpose = found.group(1), "ᵀ"
            if not body:
                return transpose
    text = _script_body(body).strip()
    if mark == "^" and _RAISED.match(text) and not after_subscript:
        return text.translate(_SUPERSCRIPT) + transpose
    if not (_WORD.match(text) or re.match(r"^(\(.*\)|\[.*\])$", text)):
        text = "(" + text + ")"
    return mark + text + transpose


def math_to_unicode(latex: str) -> str:
    """One formula in readable Unicode: Greek letters, operators, fractions, super- and subscripts."""
    return _convert(latex, script=False)


def _convert(latex: str, script: bool) -> str:
    """`math_to_unicode`; in a script (`script`), relations stay tight."""
    latex = _operators(_fractions(_cases(latex)))
    for macro, symbol in _MACROS.items():
        boundary = r"(?![A-Za-z])" if macro[-1].isalpha() else ""  # \ne must not eat \neq or \nearrow
        latex = re.sub(re.escape(macro) + boundary, lambda _, symbol=symbol: symbol, latex)
    latex = re.sub(r"(\\lfloor|\\lceil)\s*", r"\1{}", latex)  # ⌊x⌋: tight inside (`{}`: `\\lceiln` would be another macro)
    latex = re.sub(r"(‖(?=[^‖]*‖))\s*", r"\1", latex)  # ‖a - b‖ too
    latex = re.sub(r"\s*(\\rfloor|\\rceil)", r"\1", latex)
    latex = re.sub(r"(‖[^‖]*?)\s+‖", r"\1‖", latex)
    latex = re.sub(r"\\mathrel\{([-+*/])\}\s*=", r" \1= ", latex)  # W \mathrel{+}= ...: one operator, +=
    latex = _BINARY.sub(lambda m: " \\" + m.group(1) + " ", latex)
    scripts: list[str] = []
    latex = _scripts(latex.replace("\\\\", "; "), scripts)
    if not script:  # the scripts are placeholders by now: theirs stay as they are
        latex = _RELATION.sub(lambda m: " " + m.group(1) + " ", latex)
    # pylatexenc drops a space between a group or macro and the next macro (`{a} \cdot`, `\alpha \beta`):
    # each space goes through it as a private-use character, except where it separates a macro from its argument.
    latex = re.sub(r"\\(partial|nabla)(\s|\\,)+", r"\\\1{}", latex)  # ∂L/∂w, ∇f: tight, as written by hand
    latex = re.sub(r"(\\(?:" + _TAKES_ARGUMENT + r"))(?![A-Za-z])\s+|(?<!\\)\s+", lambda m: m.group(1) + " " if m.group(1) else _SPACE, latex)
    text = _converter().latex_to_text(latex).replace(_SPACE, " ")
    text = re.sub(r"√\(([A-Za-z0-9.]+)\)", r"√\1", text)  # √2, √784; √(d_k) and √(2/π) keep theirs
    text = re.sub("([\U000f0000-\U000fffff])(?=(.?))", lambda m: _placed(scripts[ord(m.group(1)) - 0xF0000], m.group(2)), text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _placed(script: str, following: str) -> str:
    """A script back in its formula: `W_f x`, never `W_fx`, where a letter follows a bare subscript."""
    return script + " " if script.startswith("_") and script[-1:].isalnum() and following.isalnum() else script


def _display_lines(latex: str) -> list[str]:
    """A displayed formula as lines: formulas side by side (\\quad, \\qquad) each get a line of their own."""
    pieces, depth, start = [], 0, 0
    for match in re.finditer(r"[{(\[]|[})\]]|\\q?quad(?![A-Za-z])", latex):
        token = match.group(0)
        if token in "{([":
            depth += 1
        elif token in "})]":
            depth -= 1
        elif depth == 0:
            pieces.append(latex[start : match.start()])
            start = match.end()
    pieces.append(latex[start:])
    return [line for piece in pieces if piece.strip() for line in _fit(math_to_unicode(piece))]


def _fit(formula: str) -> list[str]:
    """A displayed formula as lines of at most PANE_WIDTH columns, broken at its outermost operators.

    A renderer wraps a long line at any space, `σ(W [h,` here and `x] + b)` there; so a formula
    wider than the narrowest pane is broken by hand: before an operator of its top level (the next
    line starts with `=` or `+`), or, where that is not enough, at a space of the top level, then
    before an operator one bracket deeper, and so on. A formula that fits stays whole.
    """
    if len(formula) <= PANE_WIDTH:
        return [formula]
    depths, depth = [], 0
    for char in formula:
        depth += (char in "([{") - (char in ")]}")
        depths.append(depth)
    lines = [formula]
    for limit in range(max(depths) + 1):
        for before in (*_BREAK_BEFORE, None):  # relations first, then + and -, then products, then any space
            points = [
                i for i, char in enumerate(formula)
                if char == " " and i and depths[i] <= limit and (before is None or re.match(f" [{before}] ", formula[i:]))
            ]
            lines = _pack(formula, points)
            if all(len(line) <= PANE_WIDTH for line in lines):
                return lines
    return lines


def _pack(formula: str, points: list[int]) -> list[str]:
    """`formula` cut at some of `points` (indexes of spaces), each line as long as fits."""
    lines, start = [], 0
    for point, following in zip(points, [*points[1:], len(formula)]):
        if following - start > PANE_WIDTH and point > start:
            lines.append(formula[start:point])
            start = point + 1
    return lines + [formula[start:]]


def _math(markdown: str, plain: bool) -> str:
    """`markdown` with its formulas in Unicode, escaped for Markdown unless `plain`."""
    escape = (lambda text, start=False: text) if plain else _markdown_text
    pieces = _CODE.split(markdown)
    for i in range(0, len(pieces), 2):  # even pieces are outside code
        # A formula on display is a paragraph of its own (it wraps in a narrow column; a code block would cut it).
        piece = _DISPLAY.sub(lambda m: "\x00" + "  \n".join(escape(line, start=True) for line in _display_lines(m.group(1))) + "\x01", pieces[i])
        piece = re.sub(r"\x01\s*\x00", "  \n", piece)  # formulas in a row: one paragraph, a line each
        piece = piece.replace("\x00", "\n\n").replace("\x01", "\n\n")
        pieces[i] = _INLINE.sub(lambda m: escape(math_to_unicode(m.group(1))), piece)
    return "".join(pieces)


def render_markdown_math(markdown: str) -> str:
    """Markdown with every `$...$` and `$$...$$` replaced by Unicode; code spans left alone."""
    return _math(markdown, plain=False)


def render_plain_math(text: str) -> str:
    """Text for a widget that shows it as it is (a checklist item, an option): math in Unicode, nothing escaped."""
    return _math(text, plain=True)


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


def visible_line(text: str) -> str:
    """`visible(text)` on one line: a newline shows as `\\n`, so a message cannot draw lines of its own
    (40 newlines, then a fake "accepted" line, once scrolled the real verdict away)."""
    return visible(text).replace("\n", "\\n")


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
