import numpy as np
import torch


def softmax_cross_entropy(logits, labels, weight=None, ignore_index=-100, label_smoothing=0.0):
    z = torch.tensor(logits, requires_grad=True)
    w = None if weight is None else torch.from_numpy(weight)
    loss = torch.nn.functional.cross_entropy(z, torch.from_numpy(labels), weight=w, ignore_index=ignore_index, label_smoothing=label_smoothing)
    loss.backward()
    return loss.item(), z.grad.numpy()
