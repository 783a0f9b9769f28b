"""Tests for numpy-lr-schedules: StepLR and cosine annealing over many epochs, and ReduceLROnPlateau
over sequences of metrics with plateaus, sub-threshold improvements, cooldowns and a floor.

The plateau sequences are built, not drawn: each exercises one rule; `rng` only adds noise-free
variety (scales and offsets), so the same logic is tested with different numbers per attempt.
"""

import numpy as np

from quizzer.core.suite import Test

STATE = ("lr", "best", "num_bad_epochs", "cooldown_counter")


def _step_lr(test, base_lr, step_size, gamma, epochs):
    """step_lr at every epoch; gamma None leaves it to its default."""
    extra = [] if gamma is None else [gamma]
    for epoch in range(epochs):
        test.call("step_lr", base_lr, epoch, step_size, *extra, label=f"step_lr(epoch={epoch}, step_size={step_size}" + (f", gamma={gamma:g})" if extra else ")"))
    return test


def _cosine(test, base_lr, T_max, eta_min, epochs):
    """cosine_annealing_lr at every epoch; eta_min None leaves it to its default."""
    extra = [] if eta_min is None else [eta_min]
    for epoch in range(epochs):
        test.call("cosine_annealing_lr", base_lr, epoch, T_max, *extra, label=f"cosine_annealing_lr(epoch={epoch}, T_max={T_max}" + (f", eta_min={eta_min:g})" if extra else ")"))
    return test


def _plateau(test, metrics, lr=0.1, **hyper):
    """Construct ReduceLROnPlateau(lr, **hyper); read its state; feed `metrics` one epoch at a time; observe lr and state."""
    scheduler = test.new("ReduceLROnPlateau", lr, **hyper)
    test.get(scheduler, *STATE, label="at the start")
    for epoch, metric in enumerate(metrics, start=1):
        test.method(scheduler, "step", float(metric), label=f"the lr returned by step() at epoch {epoch}")
        test.get(scheduler, *STATE, label=f"after epoch {epoch}")
    return test


def tests(rng):
    visible = [
        _cosine(_step_lr(Test("example: step_lr(0.1, e, 3, 0.5) and cosine_annealing_lr(0.1, e, 10) over 10 epochs", visible=True), 0.1, 3, 0.5, 10), 0.1, 10, 0.0, 11),
        _plateau(Test("example: ReduceLROnPlateau(0.1, patience=2) on a loss that plateaus twice", visible=True), [1.0, 0.9, 0.9, 0.9, 0.9, 0.85, 0.85, 0.85, 0.85], patience=2),
    ]
    base = float(rng.uniform(0.01, 1.0))
    scale = float(rng.uniform(0.5, 5.0))  # losses are multiplied by it: the rules are scale-free in rel mode
    hidden = [
        _step_lr(Test("step_lr: gamma 0.1, step_size 5, 25 epochs"), base, 5, 0.1, 25),
        _step_lr(Test("step_lr: gamma left to its default (0.1), step_size 4, 13 epochs"), base, 4, None, 13),
        _cosine(Test("cosine: eta_min left to its default (0), T_max 8"), base, 8, None, 9),
        _step_lr(Test("step_lr: step_size 1 (decay every epoch)"), base, 1, 0.9, 12),
        _step_lr(Test("step_lr: step_size 7, gamma 0.5"), base, 7, 0.5, 30),
        _cosine(Test("cosine: T_max 5, eta_min 0, through the minimum and back up (epochs 0..10)"), base, 5, 0.0, 11),
        _cosine(Test("cosine: T_max 50, eta_min 1e-3"), base, 50, 1e-3, 51),
        _cosine(Test("cosine: T_max 1"), base, 1, 0.0, 3),
        _plateau(Test("plateau: steady improvement never reduces"), scale * 0.9 ** np.arange(15), patience=2),
        _plateau(Test("plateau: patience 0 reduces on the first bad epoch"), scale * np.array([1.0, 1.0, 0.5, 0.6, 0.4, 0.4, 0.4]), patience=0),
        _plateau(
            Test("plateau: improvements smaller than the relative threshold 1e-4 count as bad epochs"),
            scale * (1 - 5e-5) ** np.arange(12), patience=3,
        ),
        _plateau(Test("plateau: improvements just above the threshold count as good"), scale * (1 - 2e-4) ** np.arange(12), patience=3),
        _plateau(Test("plateau: threshold_mode abs, threshold 0.05"), scale + np.array([0.0, -0.04, -0.08, -0.1, -0.2, -0.22, -0.24, -0.26, -0.27]), patience=1, threshold=0.05, threshold_mode="abs"),
        _plateau(Test("plateau: mode max (an accuracy that stalls)"), np.array([0.5, 0.6, 0.7, 0.7, 0.69, 0.7, 0.71, 0.7, 0.7, 0.7]), mode="max", patience=2),
        _plateau(Test("plateau: cooldown 2 ignores bad epochs right after a reduction"), scale * np.ones(12), patience=1, cooldown=2),
        _plateau(
            Test("plateau: cooldown 3, patience 2, improvements inside and after the cooldown"),
            scale * np.array([1.0, 1.0, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]), patience=2, cooldown=3, factor=0.5,
        ),
        _plateau(Test("plateau: min_lr floor"), scale * np.ones(10), patience=0, factor=0.5, min_lr=0.02),
        _plateau(Test("plateau: a reduction smaller than eps (1e-8) is skipped"), scale * np.ones(6), lr=1.5e-8, patience=0, factor=0.5),
        _plateau(Test("plateau: negative losses (rel threshold scales with |best|)"), -scale * np.array([1.0, 1.00005, 1.0002, 1.0002, 1.0002, 1.0003]), patience=1),
        _plateau(Test("plateau: every hyperparameter left to its default (patience 10, factor 0.1)"), scale * np.array([1.0] * 14 + [0.5] * 13)),
        _plateau(Test("plateau: threshold 0: an equal metric is a bad epoch"), scale * np.array([1.0, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7]), patience=1, threshold=0.0),
        _plateau(Test("plateau: mode max, threshold 0: an equal metric is a bad epoch"), np.array([0.5, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7]), mode="max", patience=1, threshold=0.0),
        _plateau(Test("plateau: mode max, threshold_mode abs 0.05"), np.array([0.5, 0.54, 0.56, 0.62, 0.64, 0.66, 0.7, 0.71]), mode="max", patience=1, threshold=0.05, threshold_mode="abs"),
        _plateau(Test("plateau: mode max, improvements below the relative threshold are bad epochs"), 0.8 * (1 + 5e-5) ** np.arange(8), mode="max", patience=2),
        _plateau(Test("plateau: a reduction of exactly eps is skipped (lr 2e-8, factor 0.5)"), scale * np.ones(4), lr=2e-8, patience=0, factor=0.5),
        _plateau(Test("plateau: a reduction of 1.5 eps is made (lr 3e-8, factor 0.5, the default eps)"), scale * np.ones(4), lr=3e-8, patience=0, factor=0.5),
        _plateau(Test("plateau: a long run with two plateaus, factor 0.5, patience 3"), scale * np.array([5, 4, 3, 3, 3, 3, 3, 2.9, 2.8, 2.8, 2.8, 2.8, 2.8, 2.8]), patience=3, factor=0.5),
    ]
    return visible + hidden
