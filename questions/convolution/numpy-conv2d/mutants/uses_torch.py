import numpy as np
import torch


def conv2d(x, W, b, stride=1, padding=0):
    out = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(W), torch.from_numpy(b), stride=stride, padding=padding)
    return out.numpy()
