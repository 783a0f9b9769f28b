import numpy as np
import torch


class RMSNorm:
    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        self.layer = torch.nn.RMSNorm(normalized_shape, eps=eps, elementwise_affine=elementwise_affine, dtype=torch.float64)
        self.weight = None if self.layer.weight is None else self.layer.weight.detach().numpy().copy()

    def forward(self, x):
        if self.weight is not None:
            with torch.no_grad():
                self.layer.weight.copy_(torch.from_numpy(self.weight))
            self.layer.weight.grad = None
        self.x = torch.tensor(x, requires_grad=True)
        self.y = self.layer(self.x)
        return self.y.detach().numpy()

    def backward(self, dy):
        self.y.backward(torch.from_numpy(dy))
        return self.x.grad.numpy(), None if self.weight is None else self.layer.weight.grad.numpy()
