"""Every trusted reference against torch, the oracle, in float64.

Tolerances: outputs and gradients agree to 1e-12 absolute + 1e-10 relative
(both sides compute the same float64 expressions in a different order, so
they differ by rounding only).
"""

import numpy as np
import pytest
import torch  # the test oracle: part of the test extra, so missing it is an error, never a skip

from quizzer import paths
from quizzer.core.judge import load_module

pytestmark = pytest.mark.torch
F = torch.nn.functional

RTOL, ATOL = 1e-10, 1e-12


def _reference(name):
    return load_module(paths.reference_dir() / f"{name}.py", f"test_reference_{name}")


def _close(got, want):
    np.testing.assert_allclose(got, want.detach().numpy() if torch.is_tensor(want) else want, rtol=RTOL, atol=ATOL)


def _t(array, grad=False):
    return torch.tensor(array, dtype=torch.float64, requires_grad=grad)


# ------------------------------------------------------------------ LSTM cell


@pytest.mark.parametrize(("m", "n_x", "n_h", "scale"), [(1, 3, 5, 1.0), (4, 2, 3, 1.0), (7, 6, 2, 3.0), (3, 1, 1, 0.5)])
def test_lstm_cell_matches_torch_lstmcell(m, n_x, n_h, scale):
    """The seed's [Wf, bf, Wi, bi, Wo, bo, Wc, bc] on concat(h, x) equals nn.LSTMCell with the weights mapped."""
    reference = _reference("numpy_lstm_cell")
    rng = np.random.default_rng(m * 100 + n_x * 10 + n_h)
    x, h, c = (rng.standard_normal(shape) * scale for shape in [(m, n_x), (m, n_h), (m, n_h)])
    W = {g: rng.standard_normal((n_h + n_x, n_h)) * scale for g in "fioc"}
    b = {g: rng.standard_normal((1, n_h)) * scale for g in "fioc"}
    params = [W["f"], b["f"], W["i"], b["i"], W["o"], b["o"], W["c"], b["c"]]
    h_next, c_next = reference.lstm_cell_forward(x, h, c, params)

    cell = torch.nn.LSTMCell(n_x, n_h).double()
    order = "ifco"  # torch stacks the gates as (i, f, g, o); g is the candidate
    with torch.no_grad():
        # W's first n_h rows act on h_prev, the rest on x_t; torch keeps (out, in).
        cell.weight_ih.copy_(torch.from_numpy(np.concatenate([W[g][n_h:].T for g in order])))
        cell.weight_hh.copy_(torch.from_numpy(np.concatenate([W[g][:n_h].T for g in order])))
        cell.bias_ih.copy_(torch.from_numpy(np.concatenate([b[g].ravel() for g in order])))
        cell.bias_hh.zero_()
        h_torch, c_torch = cell(_t(x), (_t(h), _t(c)))
    _close(h_next, h_torch)
    _close(c_next, c_torch)


# ------------------------------------------------------------------ SimpleNN


def _simple_nn_case(rng, m, n_in, n_h, n_out, scale=1.0):
    X = rng.standard_normal((m, n_in)) * scale
    y = rng.integers(0, 2, (m, n_out)).astype(np.float64)
    shapes = {"W1": (n_in, n_h), "b1": (1, n_h), "W2": (n_h, n_out), "b2": (1, n_out)}
    return X, y, {k: rng.standard_normal(s) * scale for k, s in shapes.items()}


@pytest.mark.parametrize(("m", "n_in", "n_h", "n_out", "lr"), [(4, 2, 4, 1, 0.1), (1, 3, 2, 2, 0.5), (6, 5, 3, 4, 1.3)])
def test_simple_nn_step_is_sgd_on_bce_averaged_over_rows(m, n_in, n_h, n_out, lr):
    """forward = sigmoid(sigmoid(X W1 + b1) W2 + b2); backward = one SGD step on BCE summed over outputs, mean over rows."""
    reference = _reference("numpy_simple_nn")
    X, y, params = _simple_nn_case(np.random.default_rng(m + n_out), m, n_in, n_h, n_out)
    net = reference.SimpleNN(n_in, n_h, n_out)
    for name, value in params.items():
        setattr(net, name, value.copy())

    p = {name: _t(value, grad=True) for name, value in params.items()}
    a1 = torch.sigmoid(_t(X) @ p["W1"] + p["b1"])
    z2 = a1 @ p["W2"] + p["b2"]
    loss = F.binary_cross_entropy_with_logits(z2, _t(y), reduction="sum") / m
    loss.backward()

    _close(net.forward(X), torch.sigmoid(z2))
    net.backward(X, y, learning_rate=lr)
    for name in params:
        _close(getattr(net, name), p[name] - lr * p[name].grad)


def test_simple_nn_torch_mean_bce_is_the_same_loss_when_there_is_one_output():
    """For output_size 1, torch's default BCE (mean over all entries) is exactly the question's loss."""
    reference = _reference("numpy_simple_nn")
    X, y, params = _simple_nn_case(np.random.default_rng(7), 5, 3, 4, 1)
    net = reference.SimpleNN(3, 4, 1)
    for name, value in params.items():
        setattr(net, name, value.copy())
    p = {name: _t(value, grad=True) for name, value in params.items()}
    out = torch.sigmoid(torch.sigmoid(_t(X) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
    F.binary_cross_entropy(out, _t(y)).backward()
    net.forward(X)
    net.backward(X, y, learning_rate=0.1)
    for name in params:
        _close(getattr(net, name), p[name] - 0.1 * p[name].grad)


# ------------------------------------------------------------------ the practice question's NeuralNetwork


@pytest.mark.parametrize(("m", "n_features", "steps"), [(4, 3, 1), (1, 2, 2), (6, 5, 3)])
def test_feedforward_update_is_descent_on_sum_of_squared_errors_with_lr_1(m, n_features, steps):
    """The seed's `+= 2 (y - out) sigma'` update is W <- W - 1.0 * d/dW sum((y - out)^2): sum, not mean; lr 1."""
    reference = _reference("numpy_feedforward_nn")
    rng = np.random.default_rng(10 * m + n_features)
    x = rng.standard_normal((m, n_features))
    y = rng.integers(0, 2, (m, 1)).astype(np.float64)
    w1, w2 = rng.standard_normal((n_features, 4)), rng.standard_normal((4, 1))
    net = reference.NeuralNetwork(x, y)
    net.weights1, net.weights2 = w1.copy(), w2.copy()
    for _ in range(steps):
        t1, t2 = _t(w1, grad=True), _t(w2, grad=True)
        layer1 = torch.sigmoid(_t(x) @ t1)
        output = torch.sigmoid(layer1 @ t2)
        ((_t(y) - output) ** 2).sum().backward()
        net.feedforward()
        _close(net.layer1, layer1)
        _close(net.output, output)
        net.backprop()
        w1, w2 = (t1 - 1.0 * t1.grad).detach().numpy(), (t2 - 1.0 * t2.grad).detach().numpy()
        _close(net.weights1, w1)
        _close(net.weights2, w2)


# ------------------------------------------------------------------ MLP backward


@pytest.mark.parametrize(("sizes", "m", "scale"), [([2, 3], 1, 1.0), ([4, 5, 3], 6, 1.0), ([3, 7, 2, 4, 5], 9, 1.0), ([5, 6, 6, 3], 4, 40.0)])
def test_mlp_backward_matches_autograd_of_mean_cross_entropy(sizes, m, scale):
    """loss and every dW, db equal autograd of F.cross_entropy (mean over the batch) on the ReLU MLP."""
    reference = _reference("numpy_backprop")
    rng = np.random.default_rng(len(sizes) * 10 + m)
    X = rng.standard_normal((m, sizes[0])) * scale
    y = rng.integers(0, sizes[-1], m)
    weights = [rng.standard_normal((a, b)) * scale for a, b in zip(sizes, sizes[1:])]
    biases = [rng.standard_normal((1, b)) * scale for b in sizes[1:]]
    loss, dWs, dbs = reference.mlp_backward(X, y, weights, biases)

    tw = [_t(W, grad=True) for W in weights]
    tb = [_t(b, grad=True) for b in biases]
    a = _t(X)
    for index, (W, b) in enumerate(zip(tw, tb)):
        a = a @ W + b
        if index < len(tw) - 1:
            a = torch.relu(a)
    torch_loss = F.cross_entropy(a, torch.from_numpy(y))
    torch_loss.backward()
    assert np.isfinite(loss)
    assert loss == pytest.approx(torch_loss.item(), rel=RTOL, abs=ATOL)
    assert [g.shape for g in dWs] == [W.shape for W in weights] and [g.shape for g in dbs] == [b.shape for b in biases]
    for got, want in zip(dWs + dbs, tw + tb):
        _close(got, want.grad)


def test_mlp_backward_relu_derivative_at_zero_is_zero_like_torch():
    """Zero inputs and zero biases make pre-activations exactly 0; torch takes relu'(0) = 0, and so does the reference."""
    reference = _reference("numpy_backprop")
    rng = np.random.default_rng(3)
    X = rng.standard_normal((3, 2))
    X[1] = 0.0
    y = np.array([0, 2, 1])
    weights = [rng.standard_normal((2, 4)), rng.standard_normal((4, 3))]
    biases = [np.zeros((1, 4)), rng.standard_normal((1, 3))]
    _, dWs, dbs = reference.mlp_backward(X, y, weights, biases)
    tw, tb = [_t(W, grad=True) for W in weights], [_t(b, grad=True) for b in biases]
    F.cross_entropy(torch.relu(_t(X) @ tw[0] + tb[0]) @ tw[1] + tb[1], torch.from_numpy(y)).backward()
    for got, want in zip(dWs + dbs, tw + tb):
        _close(got, want.grad)
