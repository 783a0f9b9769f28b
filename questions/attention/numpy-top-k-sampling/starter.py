import numpy as np


def sample_next_token(logits, rng, temperature=1.0, top_k=None, top_p=None):
    """Temperature, top-k, top-p, then one inverse-CDF draw per row of logits (..., V).

    p = softmax(logits / temperature) over the last axis; rank by p (ties: lower index first);
    top-k keeps the first top_k ranks; top-p keeps a token when the renormalised mass ranked above
    it is < top_p; renormalise. u = rng.random(logits.shape[:-1]), once: the token is the first in
    rank order whose running probability exceeds u.
    Returns (tokens int64 logits.shape[:-1], probs float64 logits.shape).
    """
    # TODO: stable softmax of logits / T, stable ranking, the filters, renormalise, draw
    raise NotImplementedError
