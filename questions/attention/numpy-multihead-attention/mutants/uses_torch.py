import numpy as np
import torch


def multihead_attention(x, params, num_heads, mask=None, causal=False):
    b, n, width = x.shape
    t = {k: torch.from_numpy(v) for k, v in params.items()}
    xt = torch.from_numpy(x)
    def heads(name):
        return (xt @ t["W_" + name] + t["b_" + name]).reshape(b, n, num_heads, -1).transpose(1, 2)
    keep = torch.ones(b, 1, n, n, dtype=torch.bool)
    if mask is not None:
        keep = keep & torch.from_numpy(np.broadcast_to(mask, (b, n, n)).copy())[:, None]
    if causal:
        keep = keep & torch.ones(n, n, dtype=torch.bool).tril()
    out = torch.nn.functional.scaled_dot_product_attention(heads("q"), heads("k"), heads("v"), attn_mask=keep)
    out = out.transpose(1, 2).reshape(b, n, width) @ t["W_o"] + t["b_o"]
    return out.numpy(), None
