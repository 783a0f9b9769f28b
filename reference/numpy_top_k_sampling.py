"""Reference: next-token sampling with temperature, top-k and top-p (nucleus) filtering, by inverse CDF (float64)."""

import numpy as np


def sample_next_token(logits, rng, temperature=1.0, top_k=None, top_p=None):
    """One token per row of logits (..., V) and the filtered distribution it was drawn from.

    Tokens are ranked by probability (ties: lower index first); top-k keeps the first top_k ranks,
    top-p then the shortest prefix of those whose renormalised mass reaches top_p. u = rng.random(logits.shape[:-1]);
    the token drawn is the first in rank order whose running (renormalised) probability exceeds u.
    Returns (tokens int64 (...), probs float64 (..., V): zero where filtered, rows summing to 1).
    """
    z = logits / temperature
    # exp(z - max) is softmax(z) times a per-row constant: every step below renormalises, so it never divides by it
    weight = np.exp(z - np.max(z, axis=-1, keepdims=True))
    order = np.argsort(-weight, kind="stable")  # rank order: most likely first, ties by lower index
    ranked = np.take_along_axis(weight, order, -1)
    if top_k is not None:
        ranked[..., top_k:] = 0.0
    if top_p is not None:
        above = np.cumsum(ranked, axis=-1) - ranked  # the mass ranked above each token
        ranked = np.where(above < top_p * np.sum(ranked, axis=-1, keepdims=True), ranked, 0.0)
    cdf = np.cumsum(ranked, axis=-1)
    total = cdf[..., -1:]  # the mass kept
    u = rng.random(logits.shape[:-1])
    rank = np.sum(cdf <= u[..., None] * total, axis=-1)  # the first rank whose running sum exceeds u
    tokens = np.take_along_axis(order, rank[..., None], -1).squeeze(-1)
    return tokens, np.take_along_axis(ranked / total, np.argsort(order), -1)
