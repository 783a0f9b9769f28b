import numpy as np


class DataLoader:
    def __init__(self, X, y, batch_size, rng, shuffle=True, drop_last=False):
        self.X, self.y, self.batch_size = X, y, batch_size
        self.rng, self.shuffle, self.drop_last = rng, shuffle, drop_last

    def __len__(self):
        n = len(self.X)
        return n // self.batch_size if self.drop_last else (n + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        if self.shuffle:
            self.rng.shuffle(self.X)
            self.rng.shuffle(self.y)
        for i in range(len(self)):
            sl = slice(i * self.batch_size, (i + 1) * self.batch_size)
            yield self.X[sl].copy(), self.y[sl].copy()

    def epoch(self):
        return list(self)
