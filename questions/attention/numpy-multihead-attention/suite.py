"""Tests for numpy-multihead-attention: head counts, masks of both shapes, causal alone and combined, fully masked rows, huge scores."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("output", "weights")


def _params(rng, width, scale=1.0, bias=True):
    params = {f"W_{p}": rng.standard_normal((width, width)) * scale / np.sqrt(width) for p in "qkvo"}
    params.update({f"b_{p}": rng.standard_normal(width) * 0.5 if bias else np.zeros(width) for p in "qkvo"})
    return params


def _keep(rng, shape, keep=0.6):
    """A random keep-mask with at least one True in every query row."""
    mask = rng.random(shape) < keep
    rows = mask.reshape(-1, shape[-1])
    rows[np.arange(len(rows)), rng.integers(0, shape[-1], size=len(rows))] = True
    return mask


def _attend(test, x, params, heads, mask=None, causal=False, label="multihead_attention"):
    test.call("multihead_attention", x, params, heads, mask, causal, label=label, names=NAMES)
    return test


def _masked_rows_are_b_o(observations, rows, b_o):
    """Property on the submission's own outputs: fully masked queries output b_o and have all-zero weights."""
    output, weights = observations[0]["result"]
    for item, query in rows:
        if not np.all(weights[item, :, query] == 0):
            return f"the fully masked query {query} of sequence {item} has non-zero weights"
        if not np.allclose(output[item, query], b_o, rtol=1e-12, atol=1e-12):
            return f"the fully masked query {query} of sequence {item} does not output b_o"
    return None


def tests(rng):
    example = np.random.default_rng(0)
    e_params = {f"W_{p}": example.standard_normal((4, 4)) * 0.5 for p in "qkvo"}
    e_params.update({f"b_{p}": np.zeros(4) for p in "qkvo"})
    e_x = example.standard_normal((1, 3, 4))
    e_mask = np.array([[True, True, False], [False, False, False], [True, False, True]])
    visible = [
        _attend(Test("example: width 4, 2 heads, no mask", visible=True), e_x, e_params, 2),
        _attend(Test("example: causal", visible=True), e_x, e_params, 2, causal=True),
        _attend(Test("example: query 1 fully masked, b_o set", visible=True), e_x, {**e_params, "b_o": np.array([0.1, 0.2, 0.3, 0.4])}, 2, e_mask),
    ]

    hidden = []
    for b, n, width, heads in [(1, 1, 2, 1), (2, 4, 6, 2), (1, 5, 8, 4), (3, 3, 6, 3), (2, 6, 8, 1), (1, 7, 12, 6)]:
        test = Test(f"no mask: b={b}, n={n}, width={width}, heads={heads}")
        hidden.append(_attend(test, rng.standard_normal((b, n, width)), _params(rng, width, scale=2.0), heads))
    test = Test("a mask of shape (n, n) shared by the batch: b=3, n=5, width=8, heads=2")
    hidden.append(_attend(test, rng.standard_normal((3, 5, 8)), _params(rng, 8, scale=2.0), 2, _keep(rng, (5, 5))))
    test = Test("a mask per sequence, (b, n, n): b=2, n=6, width=6, heads=3")
    hidden.append(_attend(test, rng.standard_normal((2, 6, 6)), _params(rng, 6, scale=2.0), 3, _keep(rng, (2, 6, 6))))
    test = Test("causal: b=2, n=6, width=8, heads=4")
    hidden.append(_attend(test, rng.standard_normal((2, 6, 8)), _params(rng, 8, scale=2.0), 4, causal=True))
    test = Test("causal combined with a (b, n, n) padding mask: b=2, n=5, width=4, heads=2")
    padding = np.ones((2, 5, 5), dtype=bool)
    padding[0, :, 3:] = False  # sequence 0 has 3 real tokens: keys 3 and 4 are padding
    hidden.append(_attend(test, rng.standard_normal((2, 5, 4)), _params(rng, 4, scale=2.0), 2, padding, causal=True))
    test = Test("causal combined with an (n, n) mask: b=1, n=4, width=6, heads=2")
    hidden.append(_attend(test, rng.standard_normal((1, 4, 6)), _params(rng, 6, scale=2.0), 2, _keep(rng, (4, 4)) | np.eye(4, dtype=bool), causal=True))
    test = Test("a single token: b=2, n=1, width=4, heads=2, causal")
    hidden.append(_attend(test, rng.standard_normal((2, 1, 4)), _params(rng, 4), 2, causal=True))

    mask = _keep(rng, (1, 4, 4))
    mask[0, 2] = False
    params = _params(rng, 6, scale=2.0)
    test = Test("fully masked query rows: zero weights in every head, output b_o", check=lambda obs, b_o=params["b_o"]: _masked_rows_are_b_o(obs, [(0, 2)], b_o))
    hidden.append(_attend(test, rng.standard_normal((1, 4, 6)), params, 3, mask))
    mask = np.ones((3, 3), dtype=bool)
    mask[0] = False  # query 0 sees nothing, and with causal=True key 0 is all it could see
    mask[:, 0] = False
    test = Test("causal and a mask leave query 0 nothing: b=2, n=3, width=4, heads=1")
    hidden.append(_attend(test, rng.standard_normal((2, 3, 4)), _params(rng, 4, scale=2.0), 1, mask, causal=True))

    test = Test("huge scores (|S| ~ 1e4): no overflow, no NaN")
    hidden.append(_attend(test, rng.standard_normal((2, 4, 4)) * 30.0, _params(rng, 4, scale=30.0), 2, _keep(rng, (2, 4, 4))))
    test = Test("zero biases, 2 heads of d = 8")
    hidden.append(_attend(test, rng.standard_normal((2, 3, 16)), _params(rng, 16, scale=3.0, bias=False), 2))
    return visible + hidden
