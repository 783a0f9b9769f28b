"""LaTeX math turned into readable Unicode for the terminal."""

from __future__ import annotations

import pytest

from quizzer.core.text import math_to_unicode, render_markdown_math


@pytest.mark.parametrize(
    "latex, text",
    [
        (r"a \ne b \neq c", "a ≠ b ≠ c"),
        (r"\|g\|_2", "‖g‖₂"),
        (r"\frac{m_t}{1 - \beta_1^t}", "mₜ/(1 - β₁ᵗ)"),
        (r"\frac{1}{2}", "1/2"),
        (r"\sqrt{\frac{6}{n_{in} + n_{out}}}", "√(6/(nᵢₙ + nₒᵤₜ))"),
        (r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t", "cₜ = fₜ ⊙cₜ₋₁ + iₜ ⊙c̃ₜ"),
        (r"z^{[l]} = W^{[l]}a^{[l-1]} + b^{[l]}", "z^([l]) = W^([l])a^([l-1]) + b^([l])"),
    ],
)
def test_formulas(latex, text):
    assert math_to_unicode(latex) == text


def test_markdown_keeps_code_and_converts_math():
    markdown = "Use `np.exp($x$)` on $\\sigma(x)$:\n\n$$ y = \\frac{1}{1 + e^{-x}} $$"
    rendered = render_markdown_math(markdown)
    assert "`np.exp($x$)`" in rendered  # code spans are left alone
    assert "σ(x)" in rendered and "y = 1/(1 + e⁻ˣ)" in rendered
    assert "$" not in rendered.replace("`np.exp($x$)`", "")


def test_formulas_in_a_row_share_one_block():
    rendered = render_markdown_math("Gates:\n$$ f = 1 $$\n$$ g = 2 $$\n\nThen $x$.")
    assert "f = 1  \ng = 2" in rendered
