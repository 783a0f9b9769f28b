"""References of the gradient questions checked against torch autograd (the oracle), in float64.

Every gradient a reference returns is compared with what `backward()` leaves in `.grad` after the
same forward in torch, on the shapes and edge cases the question's tests use.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from oracle import ATOL, RTOL, close, ref, t

pytestmark = pytest.mark.torch
F = torch.nn.functional


def unchanged(arrays, call):
    """Run `call()` and assert it modified none of `arrays`; return its result."""
    before = [a.copy() for a in arrays]
    result = call()
    for a, b in zip(arrays, before):
        assert np.array_equal(a, b), "the reference must not modify its inputs"
    return result


# ---------------------------------------------------------------- conv2d backward

CONV_CASES = [
    ((1, 1, 1, 1), (1, 1, 1, 1), 1, 0),
    ((1, 1, 5, 5), (1, 1, 3, 3), 1, 0),
    ((2, 3, 7, 6), (4, 3, 3, 2), 1, 0),
    ((2, 3, 8, 7), (5, 3, 3, 3), 2, 1),
    ((1, 4, 6, 10), (3, 4, 5, 1), (2, 1), (1, 2)),
    ((2, 3, 7, 9), (2, 3, 2, 3), (1, 3), (2, 0)),
    ((2, 2, 4, 3), (3, 2, 4, 3), 1, 0),
    ((2, 3, 10, 9), (2, 3, 3, 3), 3, 2),
    ((2, 1, 7, 8), (2, 1, 2, 2), 3, 0),
    ((1, 2, 5, 5), (6, 2, 1, 1), 1, 1),
]


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", CONV_CASES)
def test_conv2d_backward_matches_autograd_through_f_conv2d(x_shape, w_shape, stride, padding):
    module = ref("numpy_conv2d_backward")
    rng = np.random.default_rng(20)
    x, W, b = rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])
    xt, Wt, bt = t(x), t(W), t(b)
    y = F.conv2d(xt, Wt, bt, stride=stride, padding=padding)
    dy = rng.standard_normal(tuple(y.shape))
    y.backward(torch.from_numpy(dy))
    dx, dW, db = unchanged([dy, x, W], lambda: module.conv2d_backward(dy, x, W, stride, padding))
    close(dx, xt.grad)
    close(dW, Wt.grad)
    close(db, bt.grad)


# ---------------------------------------------------------------- layer norm backward (normalized_shape)

LAYERNORM_CASES = [
    ((4, 5), 5, True, True, 1e-5, 0.0),
    ((1, 6), (6,), True, True, 1e-5, 0.0),
    ((2, 3, 4), (3, 4), True, True, 1e-5, 0.0),
    ((2, 2, 3, 4), (4,), True, False, 1e-5, 0.0),
    ((3, 4), (3, 4), True, True, 1e-5, 0.0),
    ((3, 2, 5), (2, 5), False, False, 1e-5, 0.0),
    ((4, 3), 3, False, True, 0.1, 0.0),
    ((3, 8), 8, True, True, 1e-5, 1e6),
    ((5, 1), 1, True, True, 1e-5, 0.0),
]


@pytest.mark.parametrize("shape, normalized, affine_weight, affine_bias, eps, offset", LAYERNORM_CASES)
def test_layer_norm_backward_matches_autograd_through_f_layer_norm(shape, normalized, affine_weight, affine_bias, eps, offset):
    module = ref("numpy_layernorm_backward")
    rng = np.random.default_rng(21)
    tail = (normalized,) if isinstance(normalized, int) else normalized
    x = rng.standard_normal(shape) * 2 + offset
    weight = rng.standard_normal(tail) if affine_weight else None
    bias = rng.standard_normal(tail) if affine_bias else None
    dy = rng.standard_normal(shape)
    xt = t(x)
    wt = None if weight is None else t(weight)
    bt = None if bias is None else t(bias)
    F.layer_norm(xt, tail, wt, bt, eps).backward(torch.from_numpy(dy))
    given = [a for a in (dy, x, weight, bias) if a is not None]
    dx, dweight, dbias = unchanged(given, lambda: module.layer_norm_backward(dy, x, normalized, weight, bias, eps))
    # x - mean near an offset of 1e6 is only good to ~1e-10 on either side (an ulp of 1e6)
    tol = {"rtol": 1e-8, "atol": 1e-9} if offset else {}
    close(dx, xt.grad, **tol)
    assert (dweight is None) == (weight is None) and (dbias is None) == (bias is None)
    if weight is not None:
        close(dweight, wt.grad, **tol)
    if bias is not None:
        close(dbias, bt.grad)


def test_layer_norm_backward_of_a_constant_slice_is_finite_and_matches_autograd():
    module = ref("numpy_layernorm_backward")
    rng = np.random.default_rng(22)
    x, weight, bias, dy = rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal(4), rng.standard_normal((3, 4))
    x[1] = 7.0
    xt, wt, bt = t(x), t(weight), t(bias)
    F.layer_norm(xt, (4,), wt, bt).backward(torch.from_numpy(dy))
    dx, dweight, dbias = module.layer_norm_backward(dy, x, 4, weight, bias)
    close(dx, xt.grad, atol=1e-9)
    close(dweight, wt.grad)
    close(dbias, bt.grad)


# ---------------------------------------------------------------- batch norm backward (training mode)

BATCHNORM_CASES = [
    ((2, 1), 1e-5, 0.0),
    ((2, 5), 1e-5, 0.0),
    ((7, 3), 1e-5, 0.0),
    ((16, 4), 0.1, 0.0),
    ((4, 3, 5), 1e-5, 0.0),
    ((1, 2, 6), 1e-5, 0.0),
    ((3, 2, 4, 5), 1e-5, 0.0),
    ((1, 3, 2, 3), 1e-3, 0.0),
    ((6, 2), 1e-5, 1e6),
]


@pytest.mark.parametrize("shape, eps, offset", BATCHNORM_CASES)
def test_batch_norm_backward_matches_autograd_through_f_batch_norm_in_training(shape, eps, offset):
    module = ref("numpy_batchnorm_backward")
    rng = np.random.default_rng(23)
    channels = shape[1]
    x = rng.standard_normal(shape) * 2 + offset
    weight, bias, dy = rng.standard_normal(channels), rng.standard_normal(channels), rng.standard_normal(shape)
    xt, wt, bt = t(x), t(weight), t(bias)
    F.batch_norm(xt, None, None, wt, bt, training=True, eps=eps).backward(torch.from_numpy(dy))
    dx, dweight, dbias = unchanged([dy, x, weight], lambda: module.batch_norm_backward(dy, x, weight, eps))
    tol = {"rtol": 1e-8, "atol": 1e-9} if offset else {}  # x - mean near 1e6 is good to an ulp of 1e6 on either side
    close(dx, xt.grad, **tol)
    close(dweight, wt.grad, **tol)
    close(dbias, bt.grad)


def test_batch_norm_backward_of_a_constant_channel_is_finite_and_matches_autograd():
    module = ref("numpy_batchnorm_backward")
    rng = np.random.default_rng(24)
    x, weight, dy = rng.standard_normal((3, 3, 2, 2)), rng.standard_normal(3), rng.standard_normal((3, 3, 2, 2))
    x[:, 1] = 4.0
    xt, wt, bt = t(x), t(weight), t(np.zeros(3))
    F.batch_norm(xt, None, None, wt, bt, training=True).backward(torch.from_numpy(dy))
    dx, dweight, dbias = module.batch_norm_backward(dy, x, weight)
    close(dx, xt.grad, atol=1e-9)
    close(dweight, wt.grad)
    close(dbias, bt.grad)


# ---------------------------------------------------------------- embedding

EMBEDDING_CASES = [
    (6, 3, None, np.array([0, 2, 2, 5, 2])),
    (5, 4, None, np.array([[1, 1, 3], [0, 1, 1]])),
    (7, 2, 3, np.array([[3, 1, 3, 0], [6, 3, 3, 1]])),
    (7, 2, -1, np.array([6, 0, 6, 6, 2])),
    (4, 5, 0, np.array([[[0, 1], [2, 0]], [[3, 3], [1, 0]]])),
    (3, 2, None, np.array([2])),
]


@pytest.mark.parametrize("num, dim, padding_idx, ids", EMBEDDING_CASES)
def test_embedding_forward_and_weight_gradient_match_torch_nn_embedding(num, dim, padding_idx, ids):
    module = ref("numpy_embedding")
    rng = np.random.default_rng(25)
    weight = rng.standard_normal((num, dim))  # the padding row nonzero too: torch looks it up as it is
    dout = rng.standard_normal(ids.shape + (dim,))
    torch_layer = torch.nn.Embedding(num, dim, padding_idx=padding_idx, dtype=torch.float64)
    with torch.no_grad():
        torch_layer.weight.copy_(torch.from_numpy(weight))
    out = torch_layer(torch.from_numpy(ids))
    out.backward(torch.from_numpy(dout))
    layer = module.Embedding(num, dim, padding_idx)
    layer.weight = weight.copy()
    close(unchanged([ids], lambda: layer.forward(ids)), out)
    close(unchanged([dout], lambda: layer.backward(dout)), torch_layer.weight.grad)
    assert np.array_equal(layer.weight, weight), "backward must not update the weights"


@pytest.mark.parametrize("padding_idx", [None, 2, -2])
def test_embedding_initialises_like_torch_with_the_padding_row_zero(padding_idx):
    module = ref("numpy_embedding")
    layer = module.Embedding(5, 3, padding_idx)
    torch_layer = torch.nn.Embedding(5, 3, padding_idx=padding_idx)
    assert layer.weight.shape == tuple(torch_layer.weight.shape) and layer.weight.dtype == np.float64
    zero_rows = [i for i in range(5) if not np.any(layer.weight[i])]
    torch_zero_rows = [i for i in range(5) if not torch.any(torch_layer.weight[i])]
    assert zero_rows == torch_zero_rows == ([] if padding_idx is None else [padding_idx % 5])


# ---------------------------------------------------------------- softmax cross-entropy backward (torch's options)


def _cross_entropy_cases():
    rng = np.random.default_rng(26)
    weight = rng.uniform(0.2, 3.0, size=5)
    labels = np.array([0, 4, 2, -100, 2, 1])
    return [
        (rng.standard_normal((6, 5)) * 3, labels, None, -100, 0.0),
        (rng.standard_normal((6, 5)) * 3, labels, weight, -100, 0.0),
        (rng.standard_normal((6, 5)) * 3, labels, None, -100, 0.1),
        (rng.standard_normal((6, 5)) * 3, labels, weight, -100, 0.25),
        (rng.standard_normal((6, 5)) * 3, np.array([0, 4, 2, 0, 2, 1]), weight, 0, 0.1),
        (rng.standard_normal((1, 3)), np.array([2]), None, -100, 1.0),
        (rng.standard_normal((4, 1)), np.array([0, 0, -100, 0]), None, -100, 0.3),
        (np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 2e4]]), np.array([1, 0]), np.array([1.0, 2.0, 0.5]), -100, 0.1),
        (np.zeros((3, 4)), np.array([1, 1, 3]), None, -100, 0.2),
    ]


@pytest.mark.parametrize("case", range(len(_cross_entropy_cases())))
def test_softmax_cross_entropy_and_gradient_match_torch_cross_entropy(case):
    module = ref("numpy_softmax_cross_entropy_backward")
    logits, labels, weight, ignore_index, smoothing = _cross_entropy_cases()[case]
    zt = t(logits)
    wt = None if weight is None else torch.from_numpy(weight)
    loss_t = F.cross_entropy(zt, torch.from_numpy(labels), weight=wt, ignore_index=ignore_index, label_smoothing=smoothing)
    loss_t.backward()
    given = [a for a in (logits, labels, weight) if a is not None]
    loss, grad = unchanged(given, lambda: module.softmax_cross_entropy(logits, labels, weight, ignore_index, smoothing))
    assert type(loss) is float
    np.testing.assert_allclose(loss, loss_t.item(), rtol=RTOL, atol=ATOL)
    close(grad, zt.grad)


@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_softmax_cross_entropy_with_every_label_ignored_is_nan_with_zero_gradient_as_torch(smoothing):
    module = ref("numpy_softmax_cross_entropy_backward")
    logits, labels = np.random.default_rng(27).standard_normal((3, 4)), np.full(3, -100)
    zt = t(logits)
    loss_t = F.cross_entropy(zt, torch.from_numpy(labels), label_smoothing=smoothing)
    loss_t.backward()
    loss, grad = module.softmax_cross_entropy(logits, labels, label_smoothing=smoothing)
    assert np.isnan(loss) and np.isnan(loss_t.item())
    close(grad, zt.grad)
    assert not np.any(grad)


# ---------------------------------------------------------------- RMSNorm

RMSNORM_CASES = [
    ((4, 5), 5, None, True, 1.0),
    ((1, 6), (6,), None, True, 1.0),
    ((2, 3, 4), (3, 4), None, True, 1.0),
    ((2, 2, 3, 4), 4, 1e-6, True, 1.0),
    ((3, 4), (3, 4), 0.1, True, 1.0),
    ((3, 2, 5), (2, 5), None, False, 1.0),
    ((4, 6), 6, None, True, 1e-9),
    ((3, 4), 4, 1e-5, False, 1e-4),
    ((3, 4), 4, None, True, 1e100),
]


@pytest.mark.parametrize("shape, normalized, eps, affine, scale", RMSNORM_CASES)
def test_rmsnorm_forward_and_backward_match_torch_nn_rmsnorm(shape, normalized, eps, affine, scale):
    module = ref("numpy_rmsnorm")
    rng = np.random.default_rng(28)
    tail = (normalized,) if isinstance(normalized, int) else normalized
    x, dy = rng.standard_normal(shape) * scale, rng.standard_normal(shape)
    x[0] = 0.0  # an all-zero slice: only eps keeps it finite
    torch_layer = torch.nn.RMSNorm(normalized, eps=eps, elementwise_affine=affine, dtype=torch.float64)
    layer = module.RMSNorm(normalized, eps, affine)
    assert (layer.weight is None) == (torch_layer.weight is None)
    if affine:
        close(layer.weight, torch_layer.weight)
        weight = rng.standard_normal(tail)
        with torch.no_grad():
            torch_layer.weight.copy_(torch.from_numpy(weight))
        layer.weight = weight.copy()
    xt = t(x)
    yt = torch_layer(xt)
    yt.backward(torch.from_numpy(dy))
    close(unchanged([x], lambda: layer.forward(x)), yt)
    dx, dweight = unchanged([dy], lambda: layer.backward(dy))
    close(dx, xt.grad, rtol=1e-10)
    if affine:
        close(dweight, torch_layer.weight.grad)
    else:
        assert dweight is None


# ---------------------------------------------------------------- GELU, exact and tanh

GELU_INPUTS = np.concatenate(
    [
        np.random.default_rng(29).standard_normal(300) * 3,
        np.linspace(-8.0, 8.0, 161),
        [0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 20.0, -20.0, 40.0, -40.0, 1e4, -1e4],
    ]
)


@pytest.mark.parametrize("approximate", ["none", "tanh"])
@pytest.mark.parametrize("shape", [(-1,), (3, -1), (3, 7, -1)])
def test_gelu_and_its_derivative_match_f_gelu_and_autograd(approximate, shape):
    module = ref("numpy_gelu")
    x = GELU_INPUTS[: GELU_INPUTS.size // 21 * 21].reshape(shape)
    xt = t(x)
    yt = F.gelu(xt, approximate=approximate)
    yt.sum().backward()
    # Far left, 1 + tanh(...) cancels: torch's tanh and NumPy's differ by an ulp there, ~1e-15 after it.
    atol = 1e-14 if approximate == "tanh" else 1e-15
    close(unchanged([x], lambda: module.gelu(x, approximate=approximate)), yt, atol=atol)
    close(unchanged([x], lambda: module.gelu_grad(x, approximate=approximate)), xt.grad, atol=atol)


def test_gelu_forms_differ_by_more_than_the_question_tolerance():
    """The two forms must be told apart by the tests: their gap is far above rtol = 1e-7."""
    module = ref("numpy_gelu")
    x = np.linspace(-4.0, 4.0, 81)
    assert np.max(np.abs(module.gelu(x) - module.gelu(x, approximate="tanh"))) > 1e-4
    assert np.max(np.abs(module.gelu_grad(x) - module.gelu_grad(x, approximate="tanh"))) > 1e-4
