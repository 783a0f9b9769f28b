"""References of the loss questions added for breadth (focal loss, label smoothing) checked against torch, in float64.

torchvision is not a dependency: its `sigmoid_focal_loss` is written here in torch, line for line.
Label-smoothed cross-entropy is checked against `F.cross_entropy(label_smoothing=...)` and its gradient
against autograd.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from oracle import ATOL, RTOL, ref

pytestmark = pytest.mark.torch
F = torch.nn.functional


def torchvision_sigmoid_focal_loss(inputs, targets, alpha: float = 0.25, gamma: float = 2, reduction: str = "none"):
    """torchvision.ops.sigmoid_focal_loss (torchvision 0.2x), verbatim but for the logging call."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


FOCAL_CASES = [
    ((8,), 3.0, 0.3, {}),
    ((16, 5), 3.0, 0.1, {"reduction": "none"}),
    ((12, 3), 3.0, 0.3, {"reduction": "sum"}),
    ((2, 3, 4), 3.0, 0.3, {}),
    ((10,), 3.0, 0.3, {"gamma": 0.0, "reduction": "none"}),
    ((6, 4), 3.0, 0.3, {"alpha": -1.0, "gamma": 0.0}),
    ((9,), 3.0, 0.5, {"alpha": 0.0, "reduction": "none"}),
    ((7,), 3.0, 0.3, {"alpha": 0.9, "gamma": 0.5, "reduction": "none"}),
    ((6,), 3.0, 0.3, {"gamma": 5.0, "reduction": "sum"}),
    ((4, 4), 3.0, 0.0, {}),
    ((10,), 30.0, 0.3, {"reduction": "none"}),
    ((50,), 400.0, 0.5, {"reduction": "none"}),
]


@pytest.mark.parametrize(("shape", "scale", "positives", "kwargs"), FOCAL_CASES)
def test_focal_loss_matches_torchvisions_formula(shape, scale, positives, kwargs):
    rng = np.random.default_rng(len(shape) * 100 + int(scale))
    logits = rng.standard_normal(shape) * scale
    targets = (rng.random(shape) < positives).astype(np.float64)
    got = ref("numpy_focal_loss").sigmoid_focal_loss(logits, targets, **kwargs)
    want = torchvision_sigmoid_focal_loss(torch.from_numpy(logits), torch.from_numpy(targets), **{"reduction": "mean", **kwargs})
    if kwargs.get("reduction") == "none":
        assert isinstance(got, np.ndarray) and got.dtype == np.float64 and got.shape == shape
        np.testing.assert_allclose(got, want.numpy(), rtol=RTOL, atol=ATOL)
    else:
        assert type(got) is float
        np.testing.assert_allclose(got, want.item(), rtol=RTOL, atol=ATOL)


def test_focal_loss_is_finite_on_huge_logits_and_gamma_zero_is_bce():
    focal = ref("numpy_focal_loss").sigmoid_focal_loss
    x = np.array([1000.0, -1000.0, 1000.0, -1000.0, 0.0, 0.0, 40.0, -40.0])
    t = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    got = focal(x, t, reduction="none")
    np.testing.assert_allclose(got, torchvision_sigmoid_focal_loss(torch.from_numpy(x), torch.from_numpy(t)).numpy(), rtol=RTOL, atol=ATOL)
    assert np.all(np.isfinite(got)) and got[1] == 0.25 * 1000 and got[2] == 0.75 * 1000
    bce = F.binary_cross_entropy_with_logits(torch.from_numpy(x), torch.from_numpy(t)).item()
    np.testing.assert_allclose(focal(x, t, alpha=-1.0, gamma=0.0), bce, rtol=RTOL)


# ---------------------------------------------------------------- label smoothing


SMOOTHING_CASES = [
    (8, 5, 0.1, -100, (), 2.0),
    (6, 4, 0.0, -100, (), 2.0),
    (4, 6, 1.0, -100, (), 2.0),
    (7, 2, 0.25, -100, (), 2.0),
    (1, 10, 0.2, -100, (), 2.0),
    (12, 50, 0.1, -100, (), 2.0),
    (6, 4, 0.1, -100, (1, 4), 2.0),
    (5, 3, 0.3, -100, (0, 1, 3, 4), 2.0),
    (8, 4, 0.1, 0, (2, 5), 2.0),
    (6, 5, 0.1, -100, (), 1e4),
]


@pytest.mark.parametrize(("n", "k", "eps", "ignore_index", "ignored", "scale"), SMOOTHING_CASES)
def test_smoothed_cross_entropy_matches_torch_and_autograd(n, k, eps, ignore_index, ignored, scale):
    rng = np.random.default_rng(n * 100 + k)
    logits = rng.standard_normal((n, k)) * scale
    labels = np.argmin(logits, axis=1) if scale > 100 else rng.integers(0, k, size=n)  # far below the best when huge
    labels[list(ignored)] = ignore_index
    before = logits.copy(), labels.copy()
    loss, grad = ref("numpy_label_smoothing_ce").smoothed_cross_entropy(logits, labels, eps, ignore_index)
    z = torch.tensor(logits, requires_grad=True)
    want = F.cross_entropy(z, torch.from_numpy(labels), label_smoothing=eps, ignore_index=ignore_index)
    want.backward()
    assert type(loss) is float
    np.testing.assert_allclose(loss, want.item(), rtol=RTOL, atol=ATOL)
    assert grad.dtype == np.float64 and grad.shape == (n, k)
    np.testing.assert_allclose(grad, z.grad.numpy(), rtol=RTOL, atol=ATOL)
    assert np.array_equal(logits, before[0]) and np.array_equal(labels, before[1]), "the reference must not modify its inputs"


def test_smoothing_spreads_eps_over_all_classes_the_true_one_included():
    """torch's target is (1 - eps) onehot + eps / K: a uniform prediction costs log K whatever eps is."""
    smoothed = ref("numpy_label_smoothing_ce").smoothed_cross_entropy
    loss, grad = smoothed(np.zeros((3, 4)), np.array([0, 1, 2]), 0.3)
    np.testing.assert_allclose(loss, np.log(4), rtol=RTOL)
    np.testing.assert_allclose(grad[0], (0.25 - np.array([0.7 + 0.3 / 4, 0.3 / 4, 0.3 / 4, 0.3 / 4])) / 3, rtol=RTOL, atol=ATOL)


def test_every_row_ignored_is_nan_with_zero_gradients_like_torch():
    logits = np.random.default_rng(0).standard_normal((3, 4))
    labels = np.full(3, -100)
    loss, grad = ref("numpy_label_smoothing_ce").smoothed_cross_entropy(logits, labels, 0.1)
    z = torch.tensor(logits, requires_grad=True)
    want = F.cross_entropy(z, torch.from_numpy(labels), label_smoothing=0.1)
    want.backward()
    assert np.isnan(loss) and torch.isnan(want)
    np.testing.assert_array_equal(grad, z.grad.numpy())
    assert not np.any(grad)
