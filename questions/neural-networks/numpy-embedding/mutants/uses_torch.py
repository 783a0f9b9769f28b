import numpy as np
import torch


class Embedding:
    def __init__(self, num_embeddings, embedding_dim, padding_idx=None):
        self.layer = torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=padding_idx, dtype=torch.float64)
        self.weight = self.layer.weight.detach().numpy().copy()

    def forward(self, ids):
        with torch.no_grad():
            self.layer.weight.copy_(torch.from_numpy(self.weight))
        self.out = self.layer(torch.from_numpy(ids))
        return self.out.detach().numpy()

    def backward(self, dout):
        self.layer.weight.grad = None
        self.out.backward(torch.from_numpy(dout), retain_graph=True)
        return self.layer.weight.grad.numpy()
