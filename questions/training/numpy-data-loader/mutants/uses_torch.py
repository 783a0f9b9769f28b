import numpy as np
import torch


class DataLoader:
    def __init__(self, X, y, batch_size, rng, shuffle=True, drop_last=False):
        self.X, self.y, self.rng, self.shuffle = X, y, rng, shuffle
        dataset = torch.utils.data.TensorDataset(torch.arange(len(X)))
        self.loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, sampler=self, drop_last=drop_last)

    def __len__(self):
        return len(self.loader)

    def __iter__(self):  # as a sampler: this epoch's order
        return iter((self.rng.permutation(len(self.X)) if self.shuffle else np.arange(len(self.X))).tolist())

    def epoch(self):
        return [(self.X[idx.numpy()], self.y[idx.numpy()]) for (idx,) in self.loader]
