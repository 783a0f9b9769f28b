import numpy as np
import torch


def layer_norm_backward(dy, x, normalized_shape, weight=None, bias=None, eps=1e-5):
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    xt = torch.tensor(x, requires_grad=True)
    wt = None if weight is None else torch.tensor(weight, requires_grad=True)
    bt = None if bias is None else torch.tensor(bias, requires_grad=True)
    torch.nn.functional.layer_norm(xt, tuple(normalized_shape), wt, bt, eps).backward(torch.from_numpy(dy))
    return xt.grad.numpy(), None if wt is None else wt.grad.numpy(), None if bt is None else bt.grad.numpy()
