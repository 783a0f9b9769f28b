import numpy as np


class Embedding:
    """A table of vectors looked up by id, as torch.nn.Embedding.

    weight: (num_embeddings, embedding_dim) float64, N(0, 1) with the padding row zeroed;
    padding_idx: None or an id (negative counts from the end).
    """

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None):
        # TODO: initialise weight; normalise a negative padding_idx
        raise NotImplementedError

    def forward(self, ids):
        """weight[ids], shape ids.shape + (embedding_dim,)."""
        # TODO: look the ids up; keep them for backward
        raise NotImplementedError

    def backward(self, dout):
        """dL/dweight for the last forward: repeated ids add up, the padding row is zero."""
        # TODO: scatter-add dout into a zero array shaped like weight
        raise NotImplementedError
