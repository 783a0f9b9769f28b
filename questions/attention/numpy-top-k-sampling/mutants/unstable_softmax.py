import numpy as np


def sample_next_token(logits, rng, temperature=1.0, top_k=None, top_p=None):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(logits / temperature)
        p = e / e.sum(axis=-1, keepdims=True)
    order = np.argsort(-p, axis=-1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=-1)
    if top_k is not None:
        ranked[..., top_k:] = 0.0
    if top_p is not None:
        above = np.cumsum(ranked, axis=-1) - ranked
        ranked = np.where(above < top_p * ranked.sum(axis=-1, keepdims=True), ranked, 0.0)
    cdf = np.cumsum(ranked, axis=-1)
    u = rng.random(logits.shape[:-1])
    rank = np.minimum((cdf <= u[..., None] * cdf[..., -1:]).sum(axis=-1), logits.shape[-1] - 1)
    with np.errstate(invalid="ignore"):
        probs = np.take_along_axis(ranked / cdf[..., -1:], np.argsort(order, axis=-1), axis=-1)
    return np.take_along_axis(order, rank[..., None], axis=-1)[..., 0], probs
