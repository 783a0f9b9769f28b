"""Reading what a person typed as an answer: one parser for the app and the CLI, so they grade alike.

A number may be written as people write it: `0.0625`, `-3`, `6.25e-2`, a fraction `1/16`,
a power `2^-4` or `0.25**10`, with + - * / and parentheses. It is evaluated from its syntax
tree (never `eval`), in floating point, and anything else is refused with a message: the
grade is always of the number the user typed, never of what is left after dropping characters.
"""

from __future__ import annotations

import ast
import math
import operator
import re

MAX_LENGTH = 100  # an answer, not a program: also keeps the parser's nesting shallow

# Decimal literals only: `0x10`, `1_000` and `2j` are Python, not how people write a number.
_DECIMAL = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def parse_number(text: str) -> float:
    """The number `text` writes (see the module's docstring); `ValueError(message)` when it writes none."""
    source = text.strip()
    if not source:
        raise ValueError("type a number")
    if len(source) > MAX_LENGTH:
        raise ValueError(f"that is longer than a number ({len(source)} characters; at most {MAX_LENGTH})")
    if "," in source:
        raise ValueError(f"a comma is not a decimal point here: write {source.replace(',', '.')!r}, or the number without separators")
    try:
        tree = ast.parse(source.replace("^", "**"), mode="eval")
    except (SyntaxError, ValueError):  # ValueError: a NUL byte
        raise ValueError(f"{source!r} is not a number (write e.g. 0.0625, 6.25e-2, 1/16 or 2^-4)") from None
    try:
        value = _evaluate(tree.body, source.replace("^", "**"))
    except ZeroDivisionError:
        raise ValueError("that divides by zero") from None
    except OverflowError:
        raise ValueError("that number is too large") from None
    if not math.isfinite(value):
        raise ValueError("that number is too large")
    return value


def _evaluate(node: ast.expr, source: str) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if not _DECIMAL.fullmatch(ast.get_source_segment(source, node) or ""):
            raise ValueError(f"write {ast.get_source_segment(source, node)!r} as a plain decimal number")
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand, source))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        result = _BINARY[type(node.op)](_evaluate(node.left, source), _evaluate(node.right, source))
        if isinstance(result, complex):  # (-8) ** (1/3)
            raise ValueError("that has no real value")
        return result
    raise ValueError("only numbers and + - * / ^ (or **) and parentheses are understood")
