"""Tests for numpy-data-loader: divisible and unequal last batches, drop_last both ways, batch sizes 1, n and > n, epochs, shapes."""

import numpy as np

from quizzer.core.suite import Rng, Test


def _data(rng, n, x_shape=(3,), y_shape=()):
    """X with random features, y whose first column is the sample's id (so a test can see which samples came)."""
    X = rng.standard_normal((n, *x_shape))
    y = np.arange(n) if not y_shape else np.column_stack([np.arange(n), rng.integers(0, 9, (n, *y_shape[:-1], y_shape[-1] - 1))])
    return X, y


def _covers_once(observations, n):
    """Property on the submission's own batches: every epoch without drop_last has every sample exactly once."""
    for observation in observations:
        batches = observation["result"]
        if type(batches) is not list:
            continue  # len()
        ids = np.concatenate([np.asarray(y_batch).reshape(len(y_batch), -1)[:, 0] for _, y_batch in batches]) if batches else np.array([])
        if sorted(ids.tolist()) != list(range(n)):
            return "an epoch does not contain every sample exactly once"
    return None


def _load(test, X, y, batch_size, seed, epochs=2, **flags):
    loader = test.new("DataLoader", X, y, batch_size, Rng(seed), **flags)
    test.method(loader, "__len__", label="len(loader)")
    for epoch in range(1, epochs + 1):
        test.method(loader, "epoch", label=f"epoch {epoch}")
    return test


def tests(rng):
    X = np.arange(10.0).reshape(5, 2)
    y = np.arange(5)
    visible = [
        _load(Test("example: 5 samples, batch_size 2, two epochs", visible=True), X, y, 2, 0),
        _load(Test("example: drop_last", visible=True), X, y, 2, 0, epochs=1, drop_last=True),
        _load(Test("example: shuffle=False", visible=True), X, y, 2, 0, epochs=1, shuffle=False),
    ]
    seed = lambda: int(rng.integers(0, 2**31))  # noqa: E731 - one fresh generator seed per loader
    cases = [
        ("batch_size divides n: n=12, batch_size 4, three epochs", 12, 4, {"epochs": 3}),
        ("an unequal last batch: n=10, batch_size 4", 10, 4, {}),
        ("drop_last leaves out the short batch: n=10, batch_size 4", 10, 4, {"drop_last": True}),
        ("drop_last keeps a full last batch: n=12, batch_size 3", 12, 3, {"drop_last": True, "epochs": 3}),
        ("batch_size 1", 6, 1, {}),
        ("batch_size == n: one batch, the whole permuted set", 7, 7, {}),
        ("batch_size > n: one short batch", 5, 8, {}),
        ("batch_size > n with drop_last: no batch at all", 5, 8, {"drop_last": True}),
        ("one sample", 1, 3, {}),
        ("shuffle=False: in order", 9, 4, {"shuffle": False}),
        ("shuffle=False with drop_last", 9, 4, {"shuffle": False, "drop_last": True}),
        ("five epochs, a fresh order each: n=7, batch_size 3", 7, 3, {"epochs": 5}),
        ("a larger set: n=100, batch_size 32", 100, 32, {"epochs": 2}),
    ]
    hidden = []
    for name, n, batch_size, flags in cases:
        X, y = _data(rng, n)
        hidden.append(_load(Test(name), X, y, batch_size, seed(), **flags))
    X, y = _data(rng, 9, x_shape=(3, 4), y_shape=(2,))
    hidden.append(_load(Test("images (n, 3, 4) with targets (n, 2)"), X, y, 4, seed()))
    X, y = rng.integers(0, 255, (8, 5)), rng.standard_normal(8)
    hidden.append(_load(Test("integer features and float targets keep their dtypes"), X, y, 3, seed()))
    n = int(rng.integers(2, 40))
    batch_size = int(rng.integers(1, 12))
    X, y = _data(rng, n)
    test = Test(f"every epoch has every sample once: n={n}, batch_size {batch_size}", check=lambda obs, n=n: _covers_once(obs, n))
    hidden.append(_load(test, X, y, batch_size, seed(), epochs=3))
    return visible + hidden
