import numpy as np


class DataLoader:
    def __init__(self, X, y, batch_size, rng, shuffle=True, drop_last=False):
        self.X, self.y, self.batch_size = X, y, batch_size
        self.rng, self.shuffle, self.drop_last = rng, shuffle, drop_last

    def __len__(self):
        n = len(self.X)
        return n // self.batch_size if self.drop_last else (n + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        n = len(self.X)
        order = self.rng.choice(n, n, replace=False) if self.shuffle else np.arange(n)
        for i in range(len(self)):
            start, stop = i * self.batch_size, (i + 1) * self.batch_size
            yield self.X[order[start:stop]], self.y[order[start:stop]]

    def epoch(self):
        return list(self)
