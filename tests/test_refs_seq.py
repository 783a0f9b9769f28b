"""The attention, convolution, pooling and recurrent references checked against torch (the oracle), float64.

Both sides compute the same float64 expressions in a different order, so they
differ by rounding only: outputs and gradients agree to 1e-10 relative + 1e-12 absolute.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch  # the test oracle: part of the test extra, so missing it is an error, never a skip

from quizzer import paths
from quizzer.core.judge import load_module

pytestmark = pytest.mark.torch
F = torch.nn.functional

RTOL, ATOL = 1e-10, 1e-12


def ref(name: str):
    """Load reference/<name>.py."""
    return load_module(paths.reference_dir() / f"{name}.py", f"test_refs_seq_{name}")


def t(array, grad: bool = False) -> "torch.Tensor":
    """A float64 tensor copied from `array`."""
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def close(got, want, rtol: float = RTOL, atol: float = ATOL) -> None:
    """`got` (NumPy, float64) equals `want` (tensor or array) in shape and value."""
    want = want.detach().numpy() if torch.is_tensor(want) else np.asarray(want)
    assert isinstance(got, np.ndarray) and got.dtype == np.float64, f"got {type(got).__name__} {getattr(got, 'dtype', '')}"
    assert got.shape == want.shape, f"shape {got.shape}, torch {want.shape}"
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


# ------------------------------------------------------------------ attention


def _keep_mask(rng, b, n_q, n_k, fully_masked_rows=()):
    mask = rng.random((b, n_q, n_k)) < 0.6
    mask[:, np.arange(n_q), rng.integers(0, n_k, size=n_q)] = True
    for batch, row in fully_masked_rows:
        mask[batch, row] = False
    return mask


@pytest.mark.parametrize(
    ("b", "n_q", "n_k", "d_k", "d_v", "scale", "masked"),
    [(1, 2, 3, 4, 2, 1.0, False), (3, 4, 6, 5, 2, 1.0, True), (2, 7, 3, 8, 4, 1.0, True), (1, 1, 1, 1, 1, 1.0, False), (2, 3, 6, 4, 3, 60.0, True)],
)
def test_attention_matches_torch_sdpa(b, n_q, n_k, d_k, d_v, scale, masked):
    """Output equals F.scaled_dot_product_attention(attn_mask=bool); weights equal torch's masked softmax."""
    attention = ref("numpy_attention")
    rng = np.random.default_rng(b * 1000 + n_q * 100 + n_k * 10 + d_k)
    Q, K = (rng.standard_normal((b, n, d_k)) * scale for n in (n_q, n_k))
    V = rng.standard_normal((b, n_k, d_v))
    mask = _keep_mask(rng, b, n_q, n_k) if masked else None
    output, weights = attention.scaled_dot_product_attention(Q, K, V, mask)

    torch_mask = None if mask is None else torch.from_numpy(mask)
    close(output, F.scaled_dot_product_attention(t(Q), t(K), t(V), attn_mask=torch_mask))
    scores = t(Q) @ t(K).transpose(-1, -2) / np.sqrt(d_k)
    if torch_mask is not None:
        scores = scores.masked_fill(~torch_mask, float("-inf"))
    close(weights, torch.softmax(scores, dim=-1))


def test_attention_fully_masked_rows_are_zero_like_torch():
    """A query row with no kept key: torch's SDPA returns a zero output row; the reference's weights are zeros too."""
    attention = ref("numpy_attention")
    rng = np.random.default_rng(5)
    Q, K, V = rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 5, 2))
    mask = _keep_mask(rng, 2, 4, 5, fully_masked_rows=[(0, 1), (1, 3)])
    output, weights = attention.scaled_dot_product_attention(Q, K, V, mask)
    torch_output = F.scaled_dot_product_attention(t(Q), t(K), t(V), attn_mask=torch.from_numpy(mask))
    close(output, torch_output)
    assert np.all(output[0, 1] == 0) and np.all(output[1, 3] == 0)
    assert np.all(weights[0, 1] == 0) and np.all(weights[1, 3] == 0)
    kept_rows = mask.any(axis=-1)
    np.testing.assert_allclose(weights.sum(axis=-1)[kept_rows], 1.0, rtol=0, atol=1e-12)


# ------------------------------------------------------------------ conv2d


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "stride", "padding"),
    [
        ((1, 1, 5, 5), (1, 1, 3, 3), 1, 0),
        ((2, 3, 7, 6), (4, 3, 3, 2), 1, 0),
        ((2, 3, 8, 7), (5, 3, 3, 3), 2, 1),
        ((3, 2, 9, 5), (2, 2, 1, 4), 2, 1),
        ((1, 4, 6, 10), (3, 4, 5, 1), (2, 1), (1, 2)),
        ((2, 2, 4, 3), (3, 2, 4, 3), 1, 0),
        ((2, 3, 10, 9), (2, 3, 3, 3), 3, 2),
        ((1, 2, 5, 5), (6, 2, 1, 1), 1, 1),
    ],
)
def test_conv2d_matches_torch(x_shape, w_shape, stride, padding):
    """Output shape and values equal F.conv2d for non-square inputs and kernels, strides and paddings."""
    conv = ref("numpy_conv2d")
    rng = np.random.default_rng(sum(x_shape) * 31 + sum(w_shape))
    x, W, b = rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])
    close(conv.conv2d(x, W, b, stride, padding), F.conv2d(t(x), t(W), t(b), stride=stride, padding=padding))


# ------------------------------------------------------------------ max-pool


@pytest.mark.parametrize(
    ("x_shape", "kernel", "stride", "ties"),
    [
        ((1, 1, 4, 4), 2, None, False),
        ((2, 3, 7, 6), 2, None, False),
        ((2, 2, 7, 8), (3, 2), (2, 1), False),
        ((1, 2, 6, 6), 3, 1, False),
        ((2, 2, 6, 7), 2, 1, True),
        ((3, 1, 9, 9), (2, 3), None, True),
        ((1, 1, 5, 5), 5, None, True),
    ],
)
def test_maxpool_forward_backward_match_torch(x_shape, kernel, stride, ties):
    """Forward equals F.max_pool2d; backward equals autograd, ties included (first maximum wins)."""
    pool = ref("numpy_maxpool")
    rng = np.random.default_rng(sum(x_shape) * 7 + int(ties))
    x = rng.integers(0, 3, size=x_shape).astype(np.float64) if ties else rng.standard_normal(x_shape)
    out = pool.maxpool2d_forward(x, kernel, stride)
    x_torch = t(x, grad=True)
    out_torch = F.max_pool2d(x_torch, kernel, stride=stride)
    close(out, out_torch, rtol=0, atol=0)
    dout = rng.standard_normal(out.shape)
    out_torch.backward(t(dout))
    close(pool.maxpool2d_backward(dout, x, kernel, stride), x_torch.grad)


# ------------------------------------------------------------------ GRU cell


@pytest.mark.parametrize(("m", "n_x", "n_h", "scale"), [(1, 3, 5, 1.0), (4, 2, 3, 1.0), (7, 6, 2, 3.0), (3, 1, 1, 0.5), (2, 4, 4, 20.0)])
def test_gru_cell_matches_torch_grucell(m, n_x, n_h, scale):
    """torch's own layout (r, z, n stacked in W_ih, W_hh, b_ih, b_hh) gives nn.GRUCell's output directly."""
    gru = ref("numpy_gru_cell")
    rng = np.random.default_rng(m * 100 + n_x * 10 + n_h)
    x, h = rng.standard_normal((m, n_x)) * scale, rng.standard_normal((m, n_h)) * scale
    W_ih, W_hh = rng.standard_normal((3 * n_h, n_x)) * scale, rng.standard_normal((3 * n_h, n_h)) * scale
    b_ih, b_hh = rng.standard_normal(3 * n_h) * scale, rng.standard_normal(3 * n_h) * scale
    cell = torch.nn.GRUCell(n_x, n_h).double()
    with torch.no_grad():
        for name, value in [("weight_ih", W_ih), ("weight_hh", W_hh), ("bias_ih", b_ih), ("bias_hh", b_hh)]:
            getattr(cell, name).copy_(torch.from_numpy(value))
        close(gru.gru_cell(x, h, W_ih, W_hh, b_ih, b_hh), cell(t(x), t(h)))


# ------------------------------------------------------------------ RNN and BPTT


@pytest.mark.parametrize(
    ("T", "m", "n_x", "n_h", "scale", "last_only"),
    [(1, 1, 1, 1, 1.0, False), (4, 3, 2, 5, 1.0, False), (7, 2, 6, 3, 0.5, True), (3, 1, 4, 4, 3.0, False), (25, 2, 3, 4, 0.4, True)],
)
def test_rnn_bptt_matches_torch_rnn_autograd(T, m, n_x, n_h, scale, last_only):
    """Forward equals nn.RNN(tanh); the gradients equal autograd of sum(hs * dhs) for Wxh, Whh, bh and h0."""
    rnn = ref("numpy_rnn_bptt")
    rng = np.random.default_rng(T * 1000 + m * 100 + n_x * 10 + n_h)
    x, h0 = rng.standard_normal((T, m, n_x)), rng.standard_normal((m, n_h))
    Wxh, Whh, bh = (rng.standard_normal(shape) * scale for shape in [(n_x, n_h), (n_h, n_h), (n_h,)])
    dhs = rng.standard_normal((T, m, n_h))
    if last_only:  # a loss on the final state only: everything earlier is reached through time
        dhs[:-1] = 0.0

    module = torch.nn.RNN(n_x, n_h, nonlinearity="tanh").double()
    with torch.no_grad():  # torch stores (out, in) and has two biases; the reference has one
        module.weight_ih_l0.copy_(torch.from_numpy(Wxh.T))
        module.weight_hh_l0.copy_(torch.from_numpy(Whh.T))
        module.bias_ih_l0.copy_(torch.from_numpy(bh))
        module.bias_hh_l0.zero_()
    h0_torch = t(h0[None], grad=True)
    hs_torch, _ = module(t(x), h0_torch)
    close(rnn.rnn_forward(x, h0, Wxh, Whh, bh), hs_torch)
    (hs_torch * t(dhs)).sum().backward()

    dWxh, dWhh, dbh, dh0 = rnn.rnn_backward(dhs, x, h0, Wxh, Whh, bh)
    close(dWxh, module.weight_ih_l0.grad.T)
    close(dWhh, module.weight_hh_l0.grad.T)
    close(dbh, module.bias_ih_l0.grad)
    close(dh0, h0_torch.grad[0])


# ------------------------------------------------------------------ LSTM over a sequence


def _seed_lstm_params(rng, n_x, n_h, scale):
    W = {g: rng.standard_normal((n_h + n_x, n_h)) * scale for g in "fioc"}
    b = {g: rng.standard_normal((1, n_h)) * scale for g in "fioc"}
    return W, b, [W["f"], b["f"], W["i"], b["i"], W["o"], b["o"], W["c"], b["c"]]


def _load_seed_layout(weight_ih, weight_hh, bias_ih, bias_hh, W, b, n_h):
    """Copy the seed's per-gate (n_h + n_x, n_h) weights on concat(h, x) into torch's stacked (i, f, g, o) layout."""
    order = "ifco"  # torch stacks (i, f, g, o); g is the candidate
    with torch.no_grad():
        weight_ih.copy_(torch.from_numpy(np.concatenate([W[g][n_h:].T for g in order])))
        weight_hh.copy_(torch.from_numpy(np.concatenate([W[g][:n_h].T for g in order])))
        bias_ih.copy_(torch.from_numpy(np.concatenate([b[g].ravel() for g in order])))
        bias_hh.zero_()


@pytest.mark.parametrize(("T", "m", "n_x", "n_h", "scale"), [(1, 1, 3, 5, 1.0), (5, 4, 2, 3, 1.0), (9, 2, 6, 2, 2.0), (30, 3, 1, 1, 0.5), (4, 2, 3, 4, 30.0)])
def test_lstm_sequence_matches_torch_lstm(T, m, n_x, n_h, scale):
    """hs and the final (h, c) equal nn.LSTM's output and (h_n, c_n) with the seed's weights mapped."""
    lstm = ref("numpy_lstm_sequence")
    rng = np.random.default_rng(T * 1000 + m * 100 + n_x * 10 + n_h)
    x, h0, c0 = rng.standard_normal((T, m, n_x)), rng.standard_normal((m, n_h)), rng.standard_normal((m, n_h))
    W, b, params = _seed_lstm_params(rng, n_x, n_h, scale)
    module = torch.nn.LSTM(n_x, n_h).double()
    _load_seed_layout(module.weight_ih_l0, module.weight_hh_l0, module.bias_ih_l0, module.bias_hh_l0, W, b, n_h)
    with torch.no_grad():
        out, (h_n, c_n) = module(t(x), (t(h0[None]), t(c0[None])))
    hs, h_last, c_last = lstm.lstm_sequence(x, h0, c0, params)
    close(hs, out)
    close(h_last, h_n[0])
    close(c_last, c_n[0])


# ------------------------------------------------------------------ LSTM cell backward


@pytest.mark.parametrize(("m", "n_x", "n_h", "scale"), [(1, 3, 5, 1.0), (4, 2, 3, 1.0), (6, 5, 2, 2.0), (2, 1, 1, 0.5), (3, 3, 4, 8.0)])
def test_lstm_cell_backward_matches_autograd(m, n_x, n_h, scale):
    """Forward equals nn.LSTMCell (mapped weights); dx, dh_prev, dc_prev and all eight parameter gradients equal autograd."""
    module = ref("numpy_lstm_cell_backward")
    rng = np.random.default_rng(m * 100 + n_x * 10 + n_h + 7)
    x, h, c = (rng.standard_normal(shape) * scale for shape in [(m, n_x), (m, n_h), (m, n_h)])
    W, b, params = _seed_lstm_params(rng, n_x, n_h, scale)
    dh_next, dc_next = rng.standard_normal((m, n_h)), rng.standard_normal((m, n_h))

    cell = module.LSTMCell(params)
    h_next, c_next = cell.forward(x, h, c)
    dx, dh_prev, dc_prev, dparams = cell.backward(dh_next, dc_next)

    torch_cell = torch.nn.LSTMCell(n_x, n_h).double()
    _load_seed_layout(torch_cell.weight_ih, torch_cell.weight_hh, torch_cell.bias_ih, torch_cell.bias_hh, W, b, n_h)
    with torch.no_grad():
        h_torch, c_torch = torch_cell(t(x), (t(h), t(c)))
    close(h_next, h_torch)
    close(c_next, c_torch)

    # Autograd on the seed's own formulas gives the gradients in the seed's layout.
    x_t, h_t, c_t = t(x, grad=True), t(h, grad=True), t(c, grad=True)
    p_t = [t(p, grad=True) for p in params]
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = p_t
    concat = torch.cat([h_t, x_t], dim=1)
    c_out = torch.sigmoid(concat @ Wf + bf) * c_t + torch.sigmoid(concat @ Wi + bi) * torch.tanh(concat @ Wc + bc)
    h_out = torch.sigmoid(concat @ Wo + bo) * torch.tanh(c_out)
    close(h_next, h_out)
    ((h_out * t(dh_next)).sum() + (c_out * t(dc_next)).sum()).backward()
    close(dx, x_t.grad)
    close(dh_prev, h_t.grad)
    close(dc_prev, c_t.grad)
    for got, want in zip(dparams, p_t, strict=True):
        close(got, want.grad)


# ------------------------------------------------------------------ the seed's ModernNeuralNetwork


def _sequential_twin(input_size, hidden_sizes, output_size, dropout_rate):
    """The seed's network written independently as nn.Sequential, building and initializing in the seed's order."""
    sizes = [input_size, *hidden_sizes]
    linears = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    norms = [torch.nn.BatchNorm1d(b) for b in hidden_sizes]
    output = torch.nn.Linear(hidden_sizes[-1], output_size)
    for layer in [*linears, output]:
        torch.nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
        torch.nn.init.zeros_(layer.bias)
    blocks = []
    for linear, norm in zip(linears, norms):
        blocks += [linear, norm, torch.nn.ReLU(), torch.nn.Dropout(dropout_rate)]
    return torch.nn.Sequential(*blocks, output)


@pytest.mark.parametrize(("sizes", "rate"), [((5, [4, 3], 2), 0.5), ((12, [16, 8, 6], 4), 0.2), ((7, [9], 3), 0.0)])
def test_modern_network_matches_an_independent_torch_build(sizes, rate):
    """Same seed -> same weights as the twin; same outputs in eval mode and in train mode (same dropout draws)."""
    network = ref("torch_modern_network")
    torch.manual_seed(3)
    net = network.ModernNeuralNetwork(*sizes, rate)
    torch.manual_seed(3)
    twin = _sequential_twin(*sizes, rate)
    ours = [p for p in net.parameters()]
    theirs = [p for p in twin.parameters()]
    # ModuleList order (all Linears, then all BatchNorms, then output) differs from Sequential order: match by shape and value.
    assert sorted(p.numel() for p in ours) == sorted(p.numel() for p in theirs)
    linears = [*net.layers, net.output_layer]
    twin_linears = [m for m in twin if isinstance(m, torch.nn.Linear)]
    for a, b in zip(linears, twin_linears, strict=True):
        assert torch.equal(a.weight, b.weight) and torch.equal(a.bias, b.bias)
    x = torch.randn(6, sizes[0])
    for mode in ("train", "eval", "train"):
        getattr(net, mode)()
        getattr(twin, mode)()
        torch.manual_seed(11)
        got = net(x)
        torch.manual_seed(11)
        close(got.detach().double().numpy(), twin(x).double(), rtol=1e-6, atol=1e-6)
    for norm, twin_norm in zip(net.batch_norms, [m for m in twin if isinstance(m, torch.nn.BatchNorm1d)], strict=True):
        assert torch.equal(norm.running_mean, twin_norm.running_mean) and torch.equal(norm.running_var, twin_norm.running_var)


def test_modern_network_seed_sizes_count_and_kaiming_statistics():
    """784 -> [512, 256, 128] -> 10 has 569,226 parameters; weights have std sqrt(2 / fan_in), biases 0."""
    network = ref("torch_modern_network")
    torch.manual_seed(0)
    net = network.ModernNeuralNetwork(784, [512, 256, 128], 10)
    assert sum(p.numel() for p in net.parameters()) == 569_226
    assert sum(b.numel() for b in net.buffers()) == 2 * (512 + 256 + 128) + 3  # running mean and var, 3 counters
    for layer in [*net.layers, net.output_layer]:
        fan_in = layer.weight.shape[1]
        std = layer.weight.detach().double().std().item()
        assert abs(std / np.sqrt(2 / fan_in) - 1) < 0.05
        assert torch.count_nonzero(layer.bias) == 0


# ------------------------------------------------------------------ the seed's TrainingManager, one step


def _manual_adam_run(model, batches, lr, weight_decay, seeds):
    """The seed's loop written out by hand: CE loss, autograd, clip to norm 1, Adam (L2 decay) from its formulas."""
    params = list(model.parameters())
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    losses = []
    for step, ((data, target), seed) in enumerate(zip(batches, seeds), start=1):
        model.train()
        for p in params:
            p.grad = None
        torch.manual_seed(seed)
        loss = F.cross_entropy(model(data), target)
        loss.backward()
        grads = [p.grad for p in params]
        total = torch.sqrt(sum((g.double() ** 2).sum() for g in grads))
        scale = min(1.0, 1.0 / (total.item() + 1e-6))
        with torch.no_grad():
            for k, (p, g) in enumerate(zip(params, grads)):
                g = g * scale + weight_decay * p
                m[k] = beta1 * m[k] + (1 - beta1) * g
                v[k] = beta2 * v[k] + (1 - beta2) * g * g
                m_hat, v_hat = m[k] / (1 - beta1**step), v[k] / (1 - beta2**step)
                p -= lr * m_hat / (v_hat.sqrt() + eps)
        losses.append(loss.item())
    return losses


@pytest.mark.parametrize(("lr", "weight_decay", "rate", "scale"), [(1e-3, 1e-5, 0.5, 1.0), (0.05, 0.1, 0.0, 5.0), (0.01, 0.0, 0.3, 3.0)])
def test_training_step_matches_hand_written_adam(lr, weight_decay, rate, scale):
    """Two or three train_steps equal CE + clip_grad_norm_(1.0) + Adam written from its update rule, loss and weights."""
    module = ref("torch_training_step")
    rng = np.random.default_rng(int(lr * 1000) + int(scale))
    batches = [(torch.tensor(rng.standard_normal((6, 5)) * scale), torch.tensor(rng.integers(0, 3, 6))) for _ in range(3)]
    seeds = [101, 202, 303]
    torch.manual_seed(0)
    net = module.ModernNeuralNetwork(5, [8, 4], 3, rate).double()  # float64, as the suite runs it
    twin = module.ModernNeuralNetwork(5, [8, 4], 3, rate).double()
    twin.load_state_dict(net.state_dict())
    manager = module.TrainingManager(net, lr, weight_decay)
    losses = []
    for (data, target), seed in zip(batches, seeds):
        torch.manual_seed(seed)
        losses.append(manager.train_step(data, target))
    want = _manual_adam_run(twin, batches, lr, weight_decay, seeds)
    assert all(type(loss) is float for loss in losses)
    np.testing.assert_allclose(losses, want, rtol=1e-10)
    for (name, p), q in zip(net.named_parameters(), twin.parameters(), strict=True):
        if name.startswith("layers.") and name.endswith(".bias"):
            # A bias right before BatchNorm has gradient 0 up to rounding (BN removes any constant shift);
            # Adam turns that rounding noise into lr-sized steps, so two correct runs may disagree on it.
            continue
        close(p.detach().numpy(), q, rtol=1e-9, atol=1e-12)


def test_bias_before_batchnorm_has_no_gradient():
    """Why the suite does not judge layers.k.bias after a step: its true gradient is exactly zero."""
    module = ref("torch_training_step")
    torch.manual_seed(0)
    net = module.ModernNeuralNetwork(5, [8, 4], 3, 0.0).double()
    data, target = torch.randn(6, 5, dtype=torch.float64) * 3, torch.tensor([0, 1, 2, 0, 1, 2])
    F.cross_entropy(net(data), target).backward()
    for layer in net.layers:
        assert layer.bias.grad.abs().max() < 1e-12 < layer.weight.grad.abs().max()


def test_training_step_clipping_is_active_in_the_large_input_case():
    """With inputs scaled by 5 the gradient norm exceeds 1, so clipping changes the update (the suite relies on it)."""
    module = ref("torch_training_step")
    torch.manual_seed(0)
    net = module.ModernNeuralNetwork(5, [8, 4], 3, 0.0)
    data, target = torch.randn(6, 5) * 5, torch.tensor([0, 1, 2, 0, 1, 2])
    F.cross_entropy(net(data), target).backward()
    assert torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm=1.0) > 1.0


def _suite(path: str):
    return load_module(paths.questions_dir() / path / "suite.py", "test_refs_seq_suite_" + path.replace("/", "_").replace("-", "_"))


@pytest.mark.parametrize(
    ("what", "sizes", "manager_args", "state", "below_one"),
    [
        ("clipping inactive", (4, [6], 2), (0.01, 0.5), {"out_gain": 0.05, "gamma": (0.05, 0.1)}, True),
        ("clipping active", (6, [10, 5], 4), (0.05, 0.1), {"out_gain": 6.0}, False),
    ],
)
def test_training_step_suite_sets_the_gradient_norm_it_claims(what, sizes, manager_args, state, below_one):
    """The suite's two clipping tests: over many draws, every step's gradient norm is < 1 (or > 1) as named."""
    module, suite = ref("torch_training_step"), _suite("pytorch/torch-training-step")
    for seed in range(30):
        rng = np.random.default_rng(seed)
        net = module.ModernNeuralNetwork(*sizes, 0.0).double()
        net.load_state_dict({k: torch.from_numpy(v) for k, v in suite._state(rng, *sizes, **state).items()})
        manager = module.TrainingManager(net, *manager_args)
        for _ in range(3):
            data, target = (torch.from_numpy(a) for a in suite._batch(rng, 6, sizes[0], sizes[2], 1.0))
            net.zero_grad()
            F.cross_entropy(net(data), target).backward()
            norm = float(torch.nn.utils.clip_grad_norm_(net.parameters(), float("inf")))
            assert (norm < 1.0) if below_one else (norm > 1.0), f"{what}: seed {seed}, norm {norm:.3f}"
            manager.train_step(data, target)
