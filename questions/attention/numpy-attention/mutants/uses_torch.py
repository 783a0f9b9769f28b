import numpy as np
import torch


def scaled_dot_product_attention(Q, K, V, mask=None):
    q, k, v = (torch.from_numpy(a) for a in (Q, K, V))
    m = None if mask is None else torch.from_numpy(mask)
    out = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=m)
    scores = (q @ k.transpose(-1, -2)) / np.sqrt(Q.shape[-1])
    if m is not None:
        scores = scores.masked_fill(~m, float("-inf"))
    weights = torch.softmax(scores, dim=-1).nan_to_num(0.0)
    return out.numpy(), weights.numpy()
