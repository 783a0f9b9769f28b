"""Reference: an embedding table as torch.nn.Embedding (lookup forward, scatter-add backward, padding_idx), float64."""

import numpy as np


class Embedding:
    """A (num_embeddings, embedding_dim) table of vectors looked up by integer id.

    Attribute: weight (num_embeddings, embedding_dim), float64.
    """

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None):
        """weight ~ N(0, 1) as torch initialises it, with the padding row zeroed.

        A negative padding_idx counts from the end; used only as an index, NumPy does that already.
        """
        self.padding_idx = padding_idx
        self.weight = np.random.default_rng().standard_normal((num_embeddings, embedding_dim))
        if padding_idx is not None:
            self.weight[padding_idx] = 0.0

    def forward(self, ids):
        """weight[ids]: shape ids.shape + (embedding_dim,); the padding row is looked up like any other."""
        self._ids = ids
        return self.weight[ids]

    def backward(self, dout):
        """dL/dweight (num_embeddings, embedding_dim) for the last forward, given dout = dL/d(output).

        Every position adds its row of dout into the row of its id (np.add.at: repeated ids add up,
        unused ids get zeros); the padding row's gradient is zero.
        """
        grad = np.zeros(self.weight.shape)
        np.add.at(grad, self._ids, dout)
        if self.padding_idx is not None:
            grad[self.padding_idx] = 0.0
        return grad
