"""Every formula of the bank reads right in a terminal: every prompt, hint, walkthrough, option, rubric point,
model answer and interface line, rendered as the CLI and the app render it.

The defects looked for: operator names run into their argument (`maxx`, `logsoftmax`) or lost (`\\arg`),
stray backslashes and braces, subscripts in two notations (`W_f` beside `Wᵢ`), binary relations
and operators without a space on each side (`⊙c`, `≤1`), and a formula of the 40-column prompt pane
broken anywhere but at an operator.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from rich.console import Console
from rich.markdown import Markdown

from quizzer.core.bank import load_bank
from quizzer.core.text import _CODE, _DISPLAY, _INLINE, PANE_WIDTH, _display_lines, math_to_unicode, render_markdown_math, render_plain_math

BANK = load_bank()
OPERATOR_NAMES = "argmax|argmin|max|min|log|ln|exp|sin|cos|tan|tanh|sinh|cosh|det|softmax|sign|diag"
NAMES = set(OPERATOR_NAMES.split("|"))


def run_together(text: str) -> list[str]:
    """Operator names glued to a one-letter argument or to another name (maxx, sinx, loga, logσ, logsoftmax, log∑).

    A word is not one (since, expected), nor a name that starts with another (tanh, sinh, softmax).
    """
    glued = []
    for word in re.findall(r"[A-Za-zα-ωΑ-Ω∑∏√∇∂ℓ]+", text):
        glued += [word for name in NAMES if word.startswith(name) and word not in NAMES and (len(word) == len(name) + 1 or word[len(name) :] in NAMES or not word[len(name)].isascii())]
    return glued


UNICODE_SUBSCRIPTS = re.compile("[₀-ₜᵢ-ᵪⱼ]")
RELATIONS = "=≤≥≈≠→←⊙·×∈≪≫≳≲"
SCRIPT = re.compile(r"[_^](\([^()]*(\([^()]*\)[^()]*)*\)|\[[^\]]*\]|[^\s()\[\],;]+)")


def texts(spec) -> list[tuple[str, str]]:
    """(field, text) of everything a reader of this question sees."""
    out = [("prompt", spec.prompt), ("walkthrough", spec.walkthrough), *((f"hints.{i}", h) for i, h in enumerate(spec.hints))]
    kind = spec.kind.value
    if kind == "concept":
        out += [("model_answer", spec.model_answer), *((f"rubric.{i}", r) for i, r in enumerate(spec.rubric))]
    if kind == "choice":
        out += [(f"options.{i}.{part}", getattr(o, part)) for i, o in enumerate(spec.options) for part in ("text", "why")]
    if kind == "coding":
        out += [(f"entries.{i}.doc", e.doc) for i, e in enumerate(spec.entries) if e.doc]
    return out


def formulas(text: str) -> list[str]:
    """The LaTeX of every formula in a text, display and inline, outside code."""
    found = []
    for piece in _CODE.split(text)[::2]:
        found += [m.group(1) for m in _DISPLAY.finditer(piece)]
        found += [m.group(1) for m in _INLINE.finditer(_DISPLAY.sub("", piece))]
    return found


CASES = [(qid, field, text) for qid, q in sorted(BANK.questions.items()) for field, text in texts(q.spec)]
FORMULAS = sorted({latex.strip() for _, _, text in CASES for latex in formulas(text)})


def defects(latex: str) -> list[str]:
    """What is wrong with how one formula renders."""
    text = math_to_unicode(latex)
    problems = [f"run together: {word!r}" for word in run_together(text)]
    if "\\arg" in latex and "arg" not in text:
        problems.append("lost 'arg'")
    if "\\" in text:
        problems.append("a backslash")
    # Every letter and digit written outside a macro's name reaches the reader (⌈n / B⌉ once lost its n:
    # `\lceil n` tightened to `\lceiln`, a macro of its own); NFKD reads ² as 2, ℝ as R, ŷ as y.
    written = set(re.findall(r"[A-Za-z0-9]", re.sub(r"\\[A-Za-z]+", "", re.sub(r"\\(begin|end)\{[a-z*]+\}", "", latex))))
    lost = written - set(re.findall(r"[A-Za-z0-9]", unicodedata.normalize("NFKD", text)))
    if lost:
        problems.append(f"lost {''.join(sorted(lost))!r}")
    if re.search(r"[{}]", text) and not re.search(r"\\[{}]|\\begin\{cases\}", latex):
        problems.append("a stray brace")
    if UNICODE_SUBSCRIPTS.search(text):
        problems.append(f"a Unicode subscript ({UNICODE_SUBSCRIPTS.search(text).group(0)}) where every subscript is written _x")
    bare = SCRIPT.sub("", text)  # scripts are tight by design: ∑_(i=1)
    for m in re.finditer(f"[{RELATIONS}]", bare):
        before, after = bare[m.start() - 1 : m.start()], bare[m.end() : m.end() + 1]
        if m.group(0) == "=" and before in "+-*/":  # +=
            continue
        if before not in ("", " ", "(", "[") or after not in ("", " ", ")", ",", "."):
            problems.append(f"no space around {m.group(0)!r}: {bare[max(0, m.start() - 8) : m.end() + 8]!r}")
    return problems


def test_the_checks_catch_what_the_old_rendering_did():
    """The defects the issue found, written as the renderer used to write them, are each caught."""
    assert run_together("s = x - maxx, logsoftmax(x), sinx, loga, log∑, logσ(x)") == ["maxx", "logsoftmax", "sinx", "loga", "log∑", "logσ"]
    assert run_together("tanh(x) = sinh/cosh, max(0, x), log ∑, since, expected, softmax") == []
    assert UNICODE_SUBSCRIPTS.search("W_f beside Wᵢ")
    assert defects(r"a \odot b") == [] and defects(r"\max x") == [] and defects(r"\arg\max_k z_k") == []
    assert defects(r"\lceil n / B \rceil") == [] and defects(r"\lfloor n / B \rfloor") == []


@pytest.mark.parametrize("latex", FORMULAS)
def test_every_formula_of_the_bank_renders_without_defects(latex):
    assert defects(latex) == [], math_to_unicode(latex)


@pytest.mark.parametrize("qid, field, text", CASES, ids=[f"{qid}:{field}" for qid, field, _ in CASES])
def test_no_latex_or_markdown_escape_is_left_where_a_reader_sees_it(qid, field, text):
    plain = _CODE.sub("", render_plain_math(text))  # a checklist item or an option shows this as it is
    assert "$" not in plain and not re.search(r"\\[A-Za-z\[\]()_{}]", plain), plain
    console = Console(width=PANE_WIDTH, force_terminal=False, color_system=None)
    with console.capture() as captured:
        console.print(Markdown(render_markdown_math(text)))
    shown = captured.get()
    assert not re.search(r"\\[A-Za-z\[\]()_{}*]", _strip_code_lines(shown, text)), shown


def _strip_code_lines(shown: str, text: str) -> str:
    """The terminal text without the lines of code blocks and code spans (they may hold backslashes)."""
    code = " ".join(m.group(0) for m in _CODE.finditer(text))
    return "\n".join(line for line in shown.splitlines() if not (line.strip() and line.strip() in code))


DISPLAYED = sorted({m.group(1).strip() for _, _, text in CASES for piece in _CODE.split(text)[::2] for m in _DISPLAY.finditer(piece)})


@pytest.mark.parametrize("latex", DISPLAYED)
def test_a_displayed_formula_fits_the_pane_and_was_broken_only_at_its_top_level(latex):
    """Each line of a displayed formula fits the 40-column pane, so no renderer wraps it inside brackets."""
    lines = _display_lines(latex)
    assert all(len(line) <= PANE_WIDTH for line in lines), lines
    console = Console(width=PANE_WIDTH, force_terminal=False, color_system=None)
    with console.capture() as captured:
        console.print(Markdown(render_markdown_math(f"$${latex}$$")))  # through the Markdown escaping too: `+ b` is no list item
    assert [row.rstrip() for row in captured.get().splitlines() if row.strip()] == lines


def test_a_long_formula_breaks_before_its_top_level_operators():
    latex = r"L_{total} = \frac{1}{m} \sum_{i=1}^{m} \ell(f(x_i), y_i) + \frac{\lambda}{2} \sum_l \lVert W_l \rVert^2 - \beta \sum_k \log p_k"
    lines = _display_lines(latex)
    assert len(lines) > 1 and all(len(line) <= PANE_WIDTH for line in lines)
    assert all(line[0] in "=+-" for line in lines[1:]), lines
    assert " ".join(lines) == math_to_unicode(latex)


def test_formulas_side_by_side_get_a_line_each():
    assert _display_lines(r"f_t = \sigma(a), \quad i_t = \sigma(b), \qquad o_t = \sigma(c)") == ["f_t = σ(a),", "i_t = σ(b),", "o_t = σ(c)"]
