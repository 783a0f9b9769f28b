import torch


def sample_next_token(logits, rng, temperature=1.0, top_k=None, top_p=None):
    p = torch.softmax(torch.from_numpy(logits) / temperature, dim=-1)
    ranked, order = torch.sort(p, dim=-1, descending=True, stable=True)
    if top_k is not None:
        ranked[..., top_k:] = 0.0
    if top_p is not None:
        above = ranked.cumsum(-1) - ranked
        ranked = torch.where(above < top_p * ranked.sum(-1, keepdim=True), ranked, 0.0)
    cdf = ranked.cumsum(-1)
    u = torch.from_numpy(rng.random(logits.shape[:-1]))
    rank = (cdf <= u[..., None] * cdf[..., -1:]).sum(-1)
    probs = torch.zeros_like(p).scatter(-1, order, ranked / cdf[..., -1:])
    return order.gather(-1, rank[..., None])[..., 0].numpy(), probs.numpy()
