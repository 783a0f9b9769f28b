import numpy as np
import torch


def apply_rope(x, positions=None, base=10000.0):
    t = torch.from_numpy(x)
    d = t.shape[-1]
    if positions is None:
        positions = np.arange(t.shape[1])
    inv_freq = 1.0 / base ** (torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.from_numpy(np.asarray(positions, dtype=np.float64))[:, None] * inv_freq
    emb = torch.cat([angles, angles], dim=-1)[:, None, :]
    rotated = torch.cat([-t[..., d // 2 :], t[..., : d // 2]], dim=-1)
    return (t * emb.cos() + rotated * emb.sin()).numpy()
