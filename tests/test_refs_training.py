"""References of the training-loop helpers (early stopping, the data loader) checked against torch, in float64.

torch has no early-stopping class, but `ReduceLROnPlateau` keeps the same bookkeeping: with
`threshold_mode="abs"` and `threshold=min_delta` its `best` is the stopper's, its `num_bad_epochs`
is the stopper's `wait`, and with `patience - 1` it first cuts the learning rate on the call where
the stopper first says stop. The data loader is checked against `torch.utils.data.DataLoader` fed
the same permutation through a sampler.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from oracle import ref

pytestmark = pytest.mark.torch


# ---------------------------------------------------------------- early stopping

NAN = float("nan")
CURVES = [
    ([1.0, 0.8, 0.7, 0.72, 0.69, 0.71, 0.7, 0.73, 0.695, 0.7, 0.74, 0.75], 5, 0.0, "min"),
    ([1.0, 0.8, 0.8, 0.8, 0.8], 3, 0.0, "min"),
    ([1.0, 0.75, 0.7499, 0.5, 0.4999, 0.25, 0.2499], 3, 0.25, "min"),
    ([0.9, 0.7, 0.695, 0.69, 0.685, 0.68, 0.6, 0.599], 3, 0.01, "min"),
    ([0.5, 0.6, 0.605, 0.61, 0.611, 0.62, 0.7, 0.705, 0.71], 2, 0.01, "max"),
    ([0.25, 0.5, 0.5, 0.75, 1.0, 1.0], 2, 0.25, "max"),
    ([1.0, 0.9, NAN, NAN, 0.95, 0.5], 2, 0.0, "min"),
    ([NAN, 1.0, 1.0], 1, 0.0, "min"),
    ([-5.0, -3.0, -4.0, -2.0, -2.5, -2.1], 2, 0.0, "max"),
    ([2.0, 1.9, 1.88, 1.7, 1.8], 1, 0.05, "min"),
]


@pytest.mark.parametrize(("metrics", "patience", "min_delta", "mode"), CURVES)
def test_early_stopping_keeps_reduce_lr_on_plateaus_books_until_its_first_stop(metrics, patience, min_delta, mode):
    stopper = ref("numpy_early_stopping").EarlyStopping(patience, min_delta, mode)
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode=mode, factor=0.5, patience=patience - 1, threshold=min_delta, threshold_mode="abs")
    rng = np.random.default_rng(0)
    kept_at = {}
    for epoch, metric in enumerate(metrics, 1):
        weights = {"W": rng.standard_normal((2, 3)), "b": rng.standard_normal(3)}
        kept_at[epoch] = {k: v.copy() for k, v in weights.items()}
        stop = stopper.step(metric, weights)
        plateau.step(metric)
        for array in weights.values():
            array += 100.0  # the caller trains on in place: what the stopper kept must not move
        assert stopper.best == plateau.best
        cut = optimizer.param_groups[0]["lr"] < 1.0
        assert stop == cut, (epoch, stop, cut)
        if stop:
            break
        assert stopper.wait == plateau.num_bad_epochs
    if stopper.best_step:
        kept = stopper.restore()
        assert kept.keys() == kept_at[stopper.best_step].keys()
        for name, array in kept.items():
            np.testing.assert_array_equal(array, kept_at[stopper.best_step][name])


def test_early_stopping_without_restore_best_keeps_nothing_and_nan_never_improves():
    stopper = ref("numpy_early_stopping").EarlyStopping(patience=2, restore_best=False)
    assert stopper.restore() is None and stopper.best == float("inf") and stopper.wait == stopper.best_step == 0
    assert [stopper.step(m, {"W": np.ones(2)}) for m in (NAN, 1.0, NAN, NAN, 0.5)] == [False, False, False, True, False]
    assert stopper.restore() is None and stopper.best == 0.5 and stopper.best_step == 5


# ---------------------------------------------------------------- data loader


class NumpyPermutationSampler(torch.utils.data.Sampler):
    """A sampler drawing one rng.permutation(n) per epoch, as the question's rule says (torch's RandomSampler uses torch.randperm)."""

    def __init__(self, n: int, rng, shuffle: bool):
        self.n, self.rng, self.shuffle = n, rng, shuffle

    def __iter__(self):
        return iter((self.rng.permutation(self.n) if self.shuffle else np.arange(self.n)).tolist())

    def __len__(self) -> int:
        return self.n


@pytest.mark.parametrize(("n", "batch_size", "shuffle", "drop_last"), [
    (5, 2, True, False), (12, 4, True, False), (10, 4, True, False), (10, 4, True, True), (12, 3, True, True),
    (6, 1, True, False), (7, 7, True, False), (5, 8, True, False), (5, 8, True, True), (1, 3, True, False),
    (9, 4, False, False), (9, 4, False, True), (100, 32, True, False),
])
def test_data_loader_matches_torch_dataloader_on_the_same_permutations(n, batch_size, shuffle, drop_last):
    rng = np.random.default_rng(n * 10 + batch_size)
    X, y = rng.standard_normal((n, 3)), np.arange(n)
    before = X.copy(), y.copy()
    loader = ref("numpy_data_loader").DataLoader(X, y, batch_size, np.random.default_rng(7), shuffle, drop_last)
    sampler = NumpyPermutationSampler(n, np.random.default_rng(7), shuffle)
    torch_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(y)), batch_size=batch_size, sampler=sampler, drop_last=drop_last)
    assert len(loader) == len(torch_loader)
    for _ in range(3):  # epochs: each draws the next permutation on both sides
        ours, theirs = loader.epoch(), list(torch_loader)
        assert len(ours) == len(theirs)
        for (xb, yb), (xt, yt) in zip(ours, theirs):
            np.testing.assert_array_equal(xb, xt.numpy())
            np.testing.assert_array_equal(yb, yt.numpy())
        if not drop_last:
            assert sorted(np.concatenate([yb for _, yb in ours]).tolist()) == list(range(n))
    assert np.array_equal(X, before[0]) and np.array_equal(y, before[1]), "the reference must not modify its inputs"
