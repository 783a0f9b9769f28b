"""Tests for numpy-rope: layouts with seq != heads, positions given or not (offsets, any order), bases, large positions."""

import numpy as np

from quizzer.core.suite import Test


def _rope(test, x, positions=None, label="apply_rope", **base):
    test.call("apply_rope", x, positions, label=label, **base)
    return test


def _relative_scores(observations):
    """Property on the submission's own outputs: q at m and k at n score alike whenever m - n is the same."""
    q_rot, k_rot = observations[0]["result"], observations[1]["result"]
    scores = np.sum(q_rot * k_rot, axis=-1)  # (1, seq, heads): q and k at positions (m, m - 3)
    if not np.allclose(scores, scores[:, :1], rtol=1e-9, atol=1e-9):
        return "q . k after RoPE depends on the absolute positions, not only on their offset"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _rope(Test("example: x = arange(8) as (1, 2, 1, 4)", visible=True), np.arange(8.0).reshape(1, 2, 1, 4)),
        _rope(Test("example: positions [100, 101]", visible=True), np.arange(8.0).reshape(1, 2, 1, 4), np.array([100, 101])),
        _rope(Test("example: random q of shape (1, 1, 1, 4) at position 3", visible=True), example.standard_normal((1, 1, 1, 4)), np.array([3])),
    ]
    hidden = []
    for b, s, h, d in [(1, 1, 1, 2), (2, 5, 3, 8), (1, 7, 2, 4), (3, 4, 4, 6), (2, 3, 1, 16), (1, 6, 2, 64)]:
        hidden.append(_rope(Test(f"default positions: (batch, seq, heads, d) = ({b}, {s}, {h}, {d})"), rng.standard_normal((b, s, h, d))))
    test = Test("positions after a cache of 10: seq=3, heads=2, d=8")
    hidden.append(_rope(test, rng.standard_normal((2, 3, 2, 8)), np.array([10, 11, 12])))
    test = Test("positions in any order, with repeats: seq=5, heads=3, d=6")
    hidden.append(_rope(test, rng.standard_normal((1, 5, 3, 6)), np.array([0, 5, 2, 100, 5])))
    test = Test("large positions (up to 8191) with d=32")
    hidden.append(_rope(test, rng.standard_normal((1, 4, 2, 32)), np.array([0, 1, 4096, 8191])))
    test = Test("base=500000 (Llama 3), seq=6, heads=4, d=16")
    hidden.append(_rope(test, rng.standard_normal((2, 6, 4, 16)), None, base=500000.0))
    test = Test("base=10 with given positions: seq=4, heads=3, d=4")
    hidden.append(_rope(test, rng.standard_normal((1, 4, 3, 4)), np.array([3, 1, 4, 1]), base=10.0))
    test = Test("large values: entries around 1e4")
    hidden.append(_rope(test, rng.standard_normal((2, 3, 2, 10)) * 1e4))
    test = Test("a single token decoded at position 37: seq=1, heads=4, d=8")
    hidden.append(_rope(test, rng.standard_normal((3, 1, 4, 8)), np.array([37])))

    q, k = rng.standard_normal((1, 1, 4, 8)), rng.standard_normal((1, 1, 4, 8))
    m = np.array([3, 7, 20, 103])
    test = Test("scores depend only on the offset: q at m, k at m - 3", check=_relative_scores)
    q_rep, k_rep = np.repeat(q, 4, axis=1), np.repeat(k, 4, axis=1)  # (1, 4, 4, 8): the same q and k at 4 positions
    _rope(test, q_rep, m, label="apply_rope(q, m)")
    _rope(test, k_rep, m - 3, label="apply_rope(k, m - 3)")
    hidden.append(test)
    return visible + hidden
