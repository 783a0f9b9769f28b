import numpy as np
import torch


def batch_norm_backward(dy, x, weight, eps=1e-5):
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(weight, requires_grad=True)
    bt = torch.zeros_like(wt, requires_grad=True)
    y = torch.nn.functional.batch_norm(xt, None, None, wt, bt, training=True, eps=eps)
    y.backward(torch.from_numpy(dy))
    return xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()
