import numpy as np


class DataLoader:
    """Mini-batches (X[idx], y[idx]) over axis 0; each iteration is one epoch.

    Each epoch with shuffle: order = rng.permutation(n), drawn once at its start; without: np.arange(n).
    Batch i is order[i * batch_size:(i + 1) * batch_size]. drop_last leaves out a short last batch.
    """

    def __init__(self, X, y, batch_size, rng, shuffle=True, drop_last=False):
        # TODO: keep the data, the batch size, the generator and the flags
        raise NotImplementedError

    def __len__(self):
        # TODO: batches per epoch
        raise NotImplementedError

    def __iter__(self):
        # TODO: draw this epoch's order, then yield (X_batch, y_batch) for consecutive slices of it
        raise NotImplementedError

    def epoch(self):
        """The next epoch's batches as a list (the tests call this)."""
        return list(self)
