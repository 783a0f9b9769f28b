"""Tests for numpy-top-k-sampling: temperatures, top-k (greedy, >= V, ties), top-p (tiny, flat), both, V = 1, large V, batches."""

import numpy as np

from quizzer.core.suite import Rng, Test

NAMES = ("tokens", "probs")


def _sample(test, logits, seed, label="sample_next_token", **kwargs):
    test.call("sample_next_token", logits, Rng(seed), label=label, names=NAMES, **kwargs)
    return test


def _probs_are_distributions(observations):
    """Property on the submission's own outputs: rows sum to 1, every drawn token has probability > 0."""
    tokens, probs = observations[0]["result"]
    if not np.allclose(probs.sum(axis=-1), 1.0, rtol=0, atol=1e-12) or np.any(probs < 0):
        return "a row of probs is not a distribution (non-negative, summing to 1)"
    if np.any(probs[np.arange(len(tokens)), tokens] <= 0):
        return "a drawn token has probability 0 after filtering"
    return None


def tests(rng):
    logits = np.array([[2.0, 1.0, 0.5, 0.0, -1.0]])
    visible = [
        _sample(Test("example: no filtering, seed 0", visible=True), logits, 0),
        _sample(Test("example: temperature 0.5 and top_k=3, seed 0", visible=True), logits, 0, temperature=0.5, top_k=3),
        _sample(Test("example: top_p=0.8, seed 0", visible=True), logits, 0, top_p=0.8),
        _sample(Test("example: a tie with top_k=1, seed 1", visible=True), np.array([[1.0, 3.0, 3.0, 0.0]]), 1, top_k=1),
    ]
    seed = lambda: int(rng.integers(0, 2**31))  # noqa: E731 - one generator seed per call
    normal = lambda b, v, scale=2.0: rng.standard_normal((b, v)) * scale  # noqa: E731
    hidden = [
        _sample(Test("no filtering: B=4, V=10"), normal(4, 10), seed()),
        _sample(Test("temperature 0.5 sharpens"), normal(3, 8), seed(), temperature=0.5),
        _sample(Test("temperature 2 flattens"), normal(3, 8), seed(), temperature=2.0),
        _sample(Test("temperature 0.01: scaled logits ~1e4, no overflow"), normal(4, 6, 100.0), seed(), temperature=0.01),
        _sample(Test("top_k=1 is greedy"), normal(5, 9), seed(), top_k=1),
        _sample(Test("top_k = V keeps every token"), normal(3, 6), seed(), top_k=6),
        _sample(Test("top_k > V keeps every token"), normal(2, 5), seed(), top_k=50),
        _sample(Test("top_k=4 on V=12"), normal(6, 12), seed(), top_k=4),
        _sample(Test("top_p=0.9"), normal(5, 10), seed(), top_p=0.9),
        _sample(Test("a tiny top_p keeps only the most likely token"), normal(4, 7), seed(), top_p=0.01),
        _sample(Test("top_p=0.5 on a flat distribution keeps about half"), normal(3, 10, 0.05), seed(), top_p=0.5),
        _sample(Test("top_k=5 then top_p=0.7, with temperature 0.8"), normal(6, 15), seed(), temperature=0.8, top_k=5, top_p=0.7),
        _sample(Test("top_p=0.6 after top_k=3: top-p sees the renormalised top-3"), normal(5, 8, 0.3), seed(), top_k=3, top_p=0.6),
        _sample(Test("one token in the vocabulary"), normal(3, 1), seed(), top_k=1, top_p=0.5),
        _sample(Test("logits around -1e4"), normal(3, 6) - 1e4, seed(), top_p=0.95),
        _sample(Test("a large vocabulary: V=1000, top_k=50, top_p=0.9"), normal(3, 1000, 3.0), seed(), top_k=50, top_p=0.9),
        _sample(Test("many rows of the same logits: B=300"), np.repeat(normal(1, 6), 300, axis=0), seed(), top_k=4),
    ]
    tied = np.zeros((2, 40))
    tied[:, 5:25] = 2.0  # 20 tokens tie for the top
    tied[1, 30] = 2.5
    hidden.append(_sample(Test("ties: 20 equal top logits, top_k=7 keeps the 7 lowest indices"), tied, seed(), top_k=7))
    hidden.append(_sample(Test("ties in rank order decide the draw: 20 equal top logits, no filter"), tied, seed()))
    hidden.append(_sample(Test("ties with top_p=0.3"), tied, seed(), top_p=0.3))
    hidden.append(_sample(Test("batch x beams: logits (2, 3, 7), top_k=4, top_p=0.8"), rng.standard_normal((2, 3, 7)) * 2, seed(), top_k=4, top_p=0.8))
    hidden.append(_sample(Test("logits (3, 2, 5) without filtering, temperature 0.7"), rng.standard_normal((3, 2, 5)) * 2, seed(), temperature=0.7))
    far = normal(3, 6) + np.array([[1000.0], [0.0], [-1000.0]])  # rows far apart: the max is per row
    hidden.append(_sample(Test("rows far apart (around +1000, 0 and -1000) at temperature 0.5"), far, seed(), temperature=0.5, top_k=4))
    flat = np.zeros((200, 5))
    flat[:, 3] = 0.5
    test = Test("drawn tokens are kept tokens and rows sum to 1", check=_probs_are_distributions)
    hidden.append(_sample(test, flat, seed(), top_k=3, top_p=0.6))
    t, k, p = float(rng.uniform(0.3, 3.0)), int(rng.integers(1, 12)), float(rng.uniform(0.2, 0.95))
    hidden.append(_sample(Test(f"random settings: temperature {t:.2f}, top_k={k}, top_p={p:.2f}"), normal(8, 12), seed(), temperature=t, top_k=k, top_p=p))
    return visible + hidden
