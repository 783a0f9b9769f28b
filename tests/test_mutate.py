"""`quizzer mutate`: the generator's operators and ids, and the command's equivalents, exit codes and JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from quizzer.core.mutate import generate
from toybank import make_bank

SOURCE = '''
import numpy as np


def f(x, W, b, t):
    h = np.sum(x, axis=0, keepdims=True) @ W.T
    h = h + b
    y = np.abs(h).copy()
    if t < 3:
        y = np.maximum(y, 0.5)
    z = np.tanh(y[1:]) - x[t]
    return np.exp(z)
'''


def diffs(source: str, operator: str) -> list[str]:
    return [m.diff for m in generate(source) if m.operator == operator]


def test_every_operator_makes_its_mutants():
    made = {m.operator for m in generate(SOURCE)}
    assert made == {"arith", "compare", "constant", "axis", "transpose", "sibling", "remove", "copy", "in-place", "swap-args", "index", "delete"}
    assert "L6: h = np.sum(x, axis=0, keepdims=True) @ W.T  ->  h = np.sum(x, axis=0) @ W.T" in diffs(SOURCE, "axis")
    assert "L6: h = np.sum(x, axis=0, keepdims=True) @ W.T  ->  h = np.sum(x, axis=1, keepdims=True) @ W.T" in diffs(SOURCE, "axis")
    assert "L6: h = np.sum(x, axis=0, keepdims=True) @ W.T  ->  h = np.sum(x, axis=0, keepdims=True) @ W" in diffs(SOURCE, "transpose")
    assert "L6: h = np.sum(x, axis=0, keepdims=True) @ W.T  ->  h = np.mean(x, axis=0, keepdims=True) @ W.T" in diffs(SOURCE, "sibling")
    assert "L7: h = h + b  ->  h += b" in diffs(SOURCE, "in-place")
    assert "L7: h = h + b  ->  h = h - b" in diffs(SOURCE, "arith")
    assert "L8: y = np.abs(h).copy()  ->  y = np.abs(h)" in diffs(SOURCE, "copy")
    assert "L8: y = np.abs(h).copy()  ->  y = h.copy()" in diffs(SOURCE, "remove")
    assert "L9: if t < 3:  ->  if t <= 3:" in diffs(SOURCE, "compare")
    assert {"L9: if t < 3:  ->  if t < 4:", "L9: if t < 3:  ->  if t < 2:", "L9: if t < 3:  ->  if t < 6:", "L9: if t < 3:  ->  if t < 1:", "L9: if t < 3:  ->  if t < 0:"} <= set(diffs(SOURCE, "constant"))
    assert "L10: y = np.maximum(y, 0.5)  ->  y = y" in diffs(SOURCE, "remove")
    assert "L11: z = np.tanh(y[1:]) - x[t]  ->  z = x[t] - np.tanh(y[1:])" in diffs(SOURCE, "swap-args")
    assert "L10: y = np.maximum(y, 0.5)  ->  y = np.maximum(0.5, y)" not in diffs(SOURCE, "swap-args")  # the same program
    assert "L11: z = np.tanh(y[1:]) - x[t]  ->  z = np.tanh(y[2:]) - x[t]" in diffs(SOURCE, "index")
    assert "L11: z = np.tanh(y[1:]) - x[t]  ->  z = np.tanh(y[1:]) - x[t - 1]" in diffs(SOURCE, "index")
    assert "L12: return np.exp(z)  ->  return np.expm1(z)" in diffs(SOURCE, "sibling")
    assert "L7: h = h + b  ->  (deleted)" in diffs(SOURCE, "delete")


def test_an_input_overwritten_in_place_is_a_mutant_too():
    source = "def g(x, m):\n    y = x - m\n    return y\n"
    assert "L2: y = x - m  ->  x -= m; y = x" in diffs(source, "in-place")


def test_mutants_that_are_the_same_program_whatever_the_inputs_are_not_made():
    source = "import numpy as np\n\ndef g(x, m):\n    x = np.asarray(x, dtype=np.float64)\n    total = np.zeros(3)\n    total += x\n    count = 0\n    count += 1\n    return np.maximum(total, m) * count\n"
    made = [m.diff for m in generate(source)]
    assert not [d for d in made if "np.asarray" in d and "(deleted)" in d]
    assert not [d for d in made if "total = total + x" in d or "count = count + 1" in d or "np.maximum(m, total)" in d]
    assert "L6: total += x  ->  total -= x" in made


def test_every_mutant_compiles_and_differs_from_the_reference():
    mutants = generate(SOURCE)
    assert len({m.source for m in mutants}) == len(mutants) > 30
    for mutant in mutants:
        compile(mutant.source, "mutant", "exec")


def test_ids_are_stable_and_do_not_move_when_other_code_moves():
    first = {m.id: m.diff.split(":", 1)[1] for m in generate(SOURCE)}
    assert first == {m.id: m.diff.split(":", 1)[1] for m in generate(SOURCE)}
    shifted = {m.id: m.diff.split(":", 1)[1] for m in generate("\n\ndef other(a):\n    return a + 1\n" + SOURCE) if m.id.startswith("f:")}
    assert shifted == first
    assert len(first) == len(generate(SOURCE))  # unique


FIXED_SUITE = '''
import numpy as np

from quizzer.core.suite import Test


def tests(rng):
    visible = Test("example", visible=True)
    visible.call("max_abs", np.array([3.0, -1.0, 2.0]))
    return [visible]
'''


def mutate(root, *args):
    env = {**os.environ, "QUIZZER_CONTENT": str(root)}
    return subprocess.run([sys.executable, "-m", "quizzer", "mutate", *args], capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture
def weak_bank(tmp_path):
    # One fixed input whose largest magnitude is positive: dropping the abs survives it.
    folder = make_bank(tmp_path, suite=FIXED_SUITE)
    return tmp_path, folder


def test_a_survivor_exits_1_and_is_listed_in_the_json(weak_bank):
    root, folder = weak_bank
    out = mutate(root, str(folder), "--json")
    assert out.returncode == 1, out.stderr
    (report,) = json.loads(out.stdout)
    assert report["question"] == "toy-max-abs" and report["equivalent"] == 0
    assert report["generated"] == report["killed"] + len(report["survived"])
    diffs_left = {s["diff"] for s in report["survived"]}
    assert diffs_left == {"L6: return float(np.max(np.abs(x)))  ->  return float(np.max(x))"}
    assert all(set(s) >= {"mutant", "diff"} for s in report["survived"])
    text = mutate(root, str(folder))
    assert text.returncode == 1 and "toy-max-abs: " in text.stdout and "survived" in text.stdout


def test_declared_equivalents_are_counted_and_a_stale_one_is_noted(weak_bank):
    root, folder = weak_bank
    survivors = json.loads(mutate(root, str(folder), "--json").stdout)[0]["survived"]
    toml = folder / "question.toml"
    declared = "".join(f'\n[[equivalent]]\nmutant = "{s["mutant"]}"\nwhy = "the suite has one input, on purpose, for this test"\n' for s in survivors)
    toml.write_text(toml.read_text() + declared + '\n[[equivalent]]\nmutant = "max_abs:arith:00000000"\nwhy = "names no mutant: a stale declaration"\n')
    out = mutate(root, str(folder), "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    (report,) = json.loads(out.stdout)
    assert report["survived"] == [] and report["equivalent"] == len(survivors)
    assert report["stale"] == [{"mutant": "max_abs:arith:00000000", "why": "declared equivalent, but no such mutant is generated"}]


def test_a_bad_workers_count_is_a_usage_error(weak_bank):
    root, folder = weak_bank
    out = mutate(root, str(folder), "--workers", "0")
    assert out.returncode == 2 and out.stderr.strip() == "quizzer: --workers must be at least 1"
