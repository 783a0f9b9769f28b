import numpy as np


class Embedding:
    def __init__(self, num_embeddings, embedding_dim, padding_idx=None):
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        if padding_idx is not None and padding_idx < 0:
            padding_idx = num_embeddings + padding_idx
        self.padding_idx = padding_idx
        self.grad = np.zeros((num_embeddings, embedding_dim))
        self.weight = np.random.randn(num_embeddings, embedding_dim)
        if padding_idx is not None:
            self.weight[padding_idx] = 0.0

    def forward(self, ids):
        self.ids = ids
        return self.weight[ids]

    def backward(self, dout):
        dW = self.grad
        np.add.at(dW, self.ids, dout)
        if self.padding_idx is not None:
            dW[self.padding_idx] = 0.0
        return dW
