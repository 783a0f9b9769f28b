"""LaTeX math turned into readable Unicode for the terminal."""

from __future__ import annotations

import pytest

from quizzer.core.text import math_to_unicode, render_markdown_math


@pytest.mark.parametrize(
    "latex, text",
    [
        (r"a \ne b \neq c", "a ≠ b ≠ c"),
        (r"\|g\|_2", "‖g‖_2"),
        (r"\frac{m_t}{1 - \beta_1^t}", "m_t/(1 - β_1^t)"),
        (r"\frac{1}{2}", "1/2"),
        (r"\sqrt{\frac{6}{n_{in} + n_{out}}}", "√(6/(n_in + n_out))"),
        (r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t", "c_t = f_t ⊙ c_(t-1) + i_t ⊙ c̃_t"),
        (r"z^{[l]} = W^{[l]}a^{[l-1]} + b^{[l]}", "z^[l] = W^[l]a^[l-1] + b^[l]"),
        # the defects the issue found: operator names, arg, one notation for subscripts, spaces around relations
        (r"s = x - \max x", "s = x - max x"),
        (r"\log\mathrm{softmax}(x)_i = x_i - \log \sum_j e^{x_j}", "log softmax(x)_i = x_i - log ∑_j e^(x_j)"),
        (r"\sin x + \cos(y)", "sin x + cos(y)"),
        (r"\arg\max_k z_k", "argmax_k z_k"),
        (r"f = \sigma(W_f x), \; i = \sigma(W_i x)", "f = σ(W_f x), i = σ(W_i x)"),
        (r"x W_{iz}^\top + b_{iz}", "x W_izᵀ + b_iz"),
        (r"\tanh'(z) = 1 - \tanh^2 z \le 1", "tanh'(z) = 1 - tanh² z ≤ 1"),
        (r"a\geq b, \quad x \approx 10^{-4}", "a ≥ b, x ≈ 10⁻⁴"),
        (r"\delta^{[l]} = (W^{[l+1]\top}\delta^{[l+1]}) \odot g'(z^{[l]})", "δ^[l] = (W^[l+1]ᵀδ^[l+1]) ⊙ g'(z^[l])"),
        (r"\sum_{i=1}^{m} x_i^2", "∑_(i=1)^m x_i^2"),
        (r"\frac{\partial L}{\partial w_{ij}} = \frac{\partial L}{\partial y_j} x_i", "∂L/∂w_ij = ∂L/∂y_j x_i"),
        (r"\frac12 \mathrm{Var}(z)", "1/2 Var(z)"),
        (r"W_2 \mathrel{+}= \text{layer1}^\top \delta_2", "W_2 += layer1ᵀ δ_2"),
    ],
)
def test_formulas(latex, text):
    assert math_to_unicode(latex) == text


def test_markdown_keeps_code_and_converts_math():
    markdown = "Use `np.exp($x$)` on $\\sigma(x)$:\n\n$$ y = \\frac{1}{1 + e^{-x}} $$"
    rendered = render_markdown_math(markdown)
    assert "`np.exp($x$)`" in rendered  # code spans are left alone
    assert "σ(x)" in rendered and "y = 1/(1 + e^(-x))" in rendered
    assert "$" not in rendered.replace("`np.exp($x$)`", "")


def test_formulas_in_a_row_share_one_block():
    rendered = render_markdown_math("Gates:\n$$ f = 1 $$\n$$ g = 2 $$\n\nThen $x$.")
    assert "f = 1  \ng = 2" in rendered
