"""Reference: a mini-batch loader that reshuffles every epoch with a given NumPy Generator."""

import numpy as np


class DataLoader:
    """Batches of (X[idx], y[idx]) over axis 0; each iteration is one epoch with one rng.permutation(n)."""

    def __init__(self, X, y, batch_size, rng, shuffle=True, drop_last=False):
        """Keep the data (not copied), the batch size, the generator and the two flags."""
        self.X, self.y = X, y
        self.batch_size = batch_size
        self.rng = rng
        self.shuffle = shuffle
        self.drop_last = drop_last

    def __len__(self):
        """Batches per epoch: a partial last batch counts unless drop_last."""
        n = len(self.X)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        """One epoch: draw the order (one permutation when shuffling), then yield consecutive slices of it."""
        order = self.rng.permutation(len(self.X)) if self.shuffle else np.arange(len(self.X))
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            idx = order[start : start + self.batch_size]
            yield self.X[idx], self.y[idx]

    def epoch(self):
        """The next epoch's batches as a list (what the tests call)."""
        return list(self)
