import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sample_next_token(logits, rng, temperature=1.0, top_k=None, top_p=None):
    p = softmax(logits / temperature)
    p = p / p.sum(axis=-1, keepdims=True)
    order = np.argsort(p, axis=-1, kind="stable")[..., ::-1]
    ranked = np.take_along_axis(p, order, axis=-1)
    if top_k is not None:
        ranked[..., top_k:] = 0.0
    ranked = ranked / ranked.sum(axis=-1, keepdims=True)
    if top_p is not None:
        above = np.cumsum(ranked, axis=-1) - ranked
        ranked = np.where(above < top_p, ranked, 0.0)
        ranked = ranked / ranked.sum(axis=-1, keepdims=True)
    cdf = np.cumsum(ranked, axis=-1)
    u = rng.random(logits.shape[:-1])
    rank = np.minimum((cdf <= u[..., None]).sum(axis=-1), (ranked > 0).sum(axis=-1) - 1)
    tokens = np.take_along_axis(order, rank[..., None], axis=-1)[..., 0]
    probs = np.zeros_like(p)
    np.put_along_axis(probs, order, ranked, axis=-1)
    return tokens, probs
