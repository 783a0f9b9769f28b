import numpy as np


def sample_next_token(logits, rng, temperature=1.0, top_k=None, top_p=None):
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    order = np.argsort(-p, axis=-1, kind="stable")
    ranked = np.take_along_axis(p, order, axis=-1)
    if top_k is not None:
        ranked[..., top_k:] = 0.0
    ranked /= ranked.sum(axis=-1, keepdims=True)
    if top_p is not None:
        above = np.cumsum(ranked, axis=-1) - ranked
        ranked = np.where(above < top_p, ranked, 0.0)
        ranked /= ranked.sum(axis=-1, keepdims=True)
    probs = np.take_along_axis(ranked, np.argsort(order, axis=-1), axis=-1)
    cdf = np.cumsum(probs, axis=-1)
    u = rng.random(logits.shape[:-1])
    tokens = np.minimum((cdf <= u[..., None]).sum(axis=-1), probs.shape[-1] - 1)
    return tokens, probs
