"""The PyTorch questions' references checked against torch's own modules, functions and autograd (the oracle)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from quizzer import paths
from quizzer.core.judge import load_module

pytestmark = pytest.mark.torch


def ref(name: str):
    """Load reference/<name>.py."""
    return load_module(paths.reference_dir() / f"{name}.py", f"ref_{name}")


def leaf(x) -> torch.Tensor:
    """A float64 tensor that requires grad and shares nothing with x."""
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)


# ---------------------------------------------------------------- torch-custom-autograd-function


def _lse_inputs():
    rng = np.random.default_rng(7)
    far = rng.standard_normal((3, 6)) + np.array([[800.0], [0.0], [-800.0]])
    masked = rng.standard_normal((3, 4))
    masked[0, 1] = masked[2, :3] = -np.inf
    return [
        (rng.standard_normal((4, 5)), 1),
        (rng.standard_normal((4, 5)), 0),
        (rng.standard_normal((6, 6)), -2),
        (rng.standard_normal((2, 3, 4)), 1),
        (rng.standard_normal(5), 0),
        (rng.standard_normal((3, 5)) * 5 + 1e4, 1),
        (rng.standard_normal((3, 5)) * 5 - 1e4, -1),
        (far, 1),
        (masked, 1),
    ]


@pytest.mark.parametrize("x, dim", _lse_inputs())
def test_logsumexp_function_matches_torch_value_and_gradient(x, dim):
    """Output and x.grad equal torch.logsumexp's and its autograd gradient, for a random grad_output."""
    LogSumExp = ref("torch_logsumexp_function").LogSumExp
    ours, theirs = leaf(x), leaf(x)
    out = LogSumExp.apply(ours, dim)
    want = torch.logsumexp(theirs, dim)
    assert out.shape == want.shape and out.dtype == torch.float64
    torch.testing.assert_close(out, want, rtol=1e-13, atol=1e-13)
    grad_output = torch.from_numpy(np.random.default_rng(1).standard_normal(tuple(want.shape)))
    out.backward(grad_output)
    want.backward(grad_output)
    torch.testing.assert_close(ours.grad, theirs.grad, rtol=1e-13, atol=1e-13)
    assert type(out.grad_fn).__name__ == "LogSumExpBackward"


@pytest.mark.parametrize("shape, dim", [((3, 4), 0), ((3, 4), 1), ((2, 3, 4), -1), ((5,), 0)])
def test_logsumexp_function_passes_gradcheck_in_float64(shape, dim):
    """Finite differences agree with the Function's backward (torch.autograd.gradcheck)."""
    LogSumExp = ref("torch_logsumexp_function").LogSumExp
    x = leaf(np.random.default_rng(3).standard_normal(shape) * 3)
    assert torch.autograd.gradcheck(lambda t: LogSumExp.apply(t, dim), (x,))


# ---------------------------------------------------------------- torch-transformer-block


def _encoder_layer_like(block, d_model, n_heads, d_ff):
    """nn.TransformerEncoderLayer(norm_first, batch_first, gelu) carrying the block's weights (q, k, v stacked)."""
    layer = torch.nn.TransformerEncoderLayer(
        d_model, n_heads, dim_feedforward=d_ff, dropout=0.0, activation="gelu", batch_first=True, norm_first=True
    ).double()
    with torch.no_grad():
        attention = layer.self_attn
        attention.in_proj_weight.copy_(torch.cat([block.q_proj.weight, block.k_proj.weight, block.v_proj.weight]))
        attention.in_proj_bias.copy_(torch.cat([block.q_proj.bias, block.k_proj.bias, block.v_proj.bias]))
        attention.out_proj.load_state_dict(block.out_proj.state_dict())
        layer.linear1.load_state_dict(block.fc1.state_dict())
        layer.linear2.load_state_dict(block.fc2.state_dict())
        layer.norm1.load_state_dict(block.ln1.state_dict())
        layer.norm2.load_state_dict(block.ln2.state_dict())
    return layer


@pytest.mark.parametrize(
    "batch, length, d_model, n_heads, d_ff",
    [(2, 5, 8, 2, 16), (1, 1, 6, 3, 12), (3, 7, 4, 1, 10), (2, 4, 6, 6, 5), (1, 9, 12, 4, 48)],
)
@pytest.mark.parametrize("causal", [False, True])
def test_transformer_block_matches_torch_encoder_layer(batch, length, d_model, n_heads, d_ff, causal):
    """Same output as nn.TransformerEncoderLayer(norm_first=True, batch_first=True, activation="gelu") with its weights, in eval and train mode."""
    torch.manual_seed(batch * 100 + length)
    block = ref("torch_transformer_block").TransformerBlock(d_model, n_heads, d_ff, dropout=0.0).double()
    with torch.no_grad():  # LayerNorm starts at ones and zeros: give every parameter a value of its own
        for parameter in block.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.3)
    layer = _encoder_layer_like(block, d_model, n_heads, d_ff)
    x = torch.randn(batch, length, d_model, dtype=torch.float64) * 2 + 1
    mask = torch.nn.Transformer.generate_square_subsequent_mask(length, dtype=torch.float64) if causal else None
    for mode in ("eval", "train"):
        block.train(mode == "train")
        layer.train(mode == "train")
        with torch.no_grad():
            want = layer(x, src_mask=mask, is_causal=causal)
            torch.testing.assert_close(block(x, causal=causal), want, rtol=1e-12, atol=1e-12)


def test_transformer_block_causal_output_ignores_the_future():
    """With causal=True, changing the last position leaves every earlier output as it was."""
    torch.manual_seed(0)
    block = ref("torch_transformer_block").TransformerBlock(8, 2, 16).double().eval()
    x = torch.randn(1, 5, 8, dtype=torch.float64)
    changed = x.clone()
    changed[0, -1] += torch.linspace(-3.0, 3.0, 8, dtype=torch.float64)  # not a constant shift: LayerNorm would remove it
    with torch.no_grad():
        torch.testing.assert_close(block(x, causal=True)[:, :-1], block(changed, causal=True)[:, :-1], rtol=0, atol=1e-14)
        assert (block(x)[:, 0] - block(changed)[:, 0]).abs().max() > 1e-6  # without the mask it does see it


# ---------------------------------------------------------------- torch-gradient-accumulation


@pytest.mark.parametrize("sizes", [[4, 4, 4], [5, 5, 5, 2], [1, 9], [7], [1, 1, 1]])
@pytest.mark.parametrize("momentum, weight_decay", [(0.9, 0.0), (0.0, 0.05), (0.5, 0.01)])
def test_accumulated_step_equals_one_full_batch_step(sizes, momentum, weight_decay):
    """Three calls of step(micro_batches) leave the same weights and losses as three SGD steps on the whole batches."""
    module = ref("torch_gradient_accumulation")
    torch.manual_seed(sum(sizes))
    model = module.SmallNet(6, 5, 3).double()
    full = module.SmallNet(6, 5, 3).double()
    full.load_state_dict(model.state_dict())
    trainer = module.AccumulatingTrainer(model, lr=0.2, momentum=momentum, weight_decay=weight_decay)
    optimizer = torch.optim.SGD(full.parameters(), lr=0.2, momentum=momentum, weight_decay=weight_decay)
    for _ in range(3):
        data = torch.randn(sum(sizes), 6, dtype=torch.float64)
        target = torch.randint(0, 3, (sum(sizes),))
        micro = list(zip(data.split(sizes), target.split(sizes)))
        loss = trainer.step(micro)
        optimizer.zero_grad()
        want = torch.nn.functional.cross_entropy(full(data), target)
        want.backward()
        optimizer.step()
        assert loss == pytest.approx(want.item(), rel=1e-13)
        for (name, ours), theirs in zip(model.named_parameters(), full.parameters()):
            torch.testing.assert_close(ours, theirs, rtol=1e-12, atol=1e-14, msg=name)
            assert ours.grad is None or not ours.grad.any(), f"{name}.grad not cleared"


def test_weighting_by_one_over_k_differs_from_the_full_batch_for_unequal_sizes():
    """The reason the question weights by n_i / N: with sizes 1 and 9, scaling each loss by 1/2 gives another gradient."""
    module = ref("torch_gradient_accumulation")
    torch.manual_seed(0)
    model = module.SmallNet(4, 3, 2).double()
    data, target = torch.randn(10, 4, dtype=torch.float64), torch.randint(0, 2, (10,))
    full = torch.autograd.grad(torch.nn.functional.cross_entropy(model(data), target), model.fc1.weight)[0]
    by_k = sum(
        torch.autograd.grad(torch.nn.functional.cross_entropy(model(d), t) / 2, model.fc1.weight)[0]
        for d, t in zip(data.split([1, 9]), target.split([1, 9]))
    )
    assert not torch.allclose(full, by_k, rtol=1e-3)


# ---------------------------------------------------------------- torch-mixed-precision-step


def _amp_model(seed, gain=1.0):
    module = ref("torch_mixed_precision_step")
    torch.manual_seed(seed)
    model = module.MLP(10, 16, 4)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(gain)
    twin = module.MLP(10, 16, 4)
    twin.load_state_dict(model.state_dict())
    return module, model, twin


def _scaled_step_by_hand(model, optimizer, state, data, target, max_norm, growth_interval):
    """GradScaler's algorithm written out: scaled backward, unscale, inf check, clip, step unless inf, update the scale."""
    optimizer.zero_grad()
    with torch.autocast(device_type="cpu", dtype=torch.float16):
        logits = model(data)
    assert logits.dtype == torch.float16
    loss = torch.nn.functional.cross_entropy(logits.float(), target)
    (loss * state["scale"]).backward()
    grads = [p.grad for p in model.parameters()]
    for grad in grads:
        grad.mul_(1.0 / state["scale"])
    found_inf = not all(torch.isfinite(grad).all() for grad in grads)
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    if not found_inf:
        optimizer.step()
    if found_inf:
        state["scale"], state["tracker"] = state["scale"] * 0.5, 0
    else:
        state["tracker"] += 1
        if state["tracker"] == growth_interval:
            state["scale"], state["tracker"] = state["scale"] * 2.0, 0
    return loss.item(), found_inf


@pytest.mark.parametrize(
    "init_scale, growth_interval, max_norm, x_scale, batch",
    [(65536.0, 2, 1.0, 1.0, 8), (2.0**24, 2000, 1.0, 1.0, 8), (1024.0, 1, 0.5, 1.0, 8), (65536.0, 3, 100.0, 2.0, 1), (8.0, 1, 1.0, 1.0, 5)],
)
def test_mixed_precision_step_is_gradscalers_algorithm_step_for_step(init_scale, growth_interval, max_norm, x_scale, batch):
    """Six steps: the same losses, weights, scale and growth tracker as loss scaling written by hand; overflowed steps change no weight."""
    module, model, twin = _amp_model(0)
    trainer = module.MixedPrecisionTrainer(model, lr=0.05, init_scale=init_scale, growth_interval=growth_interval, max_norm=max_norm)
    optimizer = torch.optim.SGD(twin.parameters(), lr=0.05, momentum=0.9)
    state = {"scale": init_scale, "tracker": 0}
    generator = torch.Generator().manual_seed(1)
    skipped = 0
    for _ in range(6):
        data = torch.randn(batch, 10, generator=generator) * x_scale
        target = torch.randint(0, 4, (batch,), generator=generator)
        before = [p.detach().clone() for p in model.parameters()]
        loss = trainer.train_step(data, target)
        want, found_inf = _scaled_step_by_hand(twin, optimizer, state, data, target, max_norm, growth_interval)
        skipped += found_inf
        assert loss == want
        for ours, theirs, old in zip(model.parameters(), twin.parameters(), before):
            torch.testing.assert_close(ours, theirs, rtol=1e-6, atol=1e-8)
            assert ours.dtype == torch.float32
            if found_inf:
                assert torch.equal(ours, old)
        assert trainer.scaler.get_scale() == state["scale"]
        assert trainer.scaler.state_dict()["_growth_tracker"] == state["tracker"]
    if init_scale == 2.0**24:
        assert skipped >= 3  # float16's range ends at 65504: a scale of 2**24 overflows until it has halved a few times


def test_mixed_precision_update_is_close_to_the_float32_update():
    """Without overflow the step approximates the full-precision step (float16 has about 3 decimal digits)."""
    module, model, twin = _amp_model(2)
    trainer = module.MixedPrecisionTrainer(model, lr=0.05, init_scale=1024.0, max_norm=10.0)
    optimizer = torch.optim.SGD(twin.parameters(), lr=0.05, momentum=0.9)
    data, target = torch.randn(8, 10), torch.randint(0, 4, (8,))
    start = [p.detach().clone() for p in model.parameters()]
    loss = trainer.train_step(data, target)
    want = torch.nn.functional.cross_entropy(twin(data), target)
    want.backward()
    torch.nn.utils.clip_grad_norm_(twin.parameters(), 10.0)
    optimizer.step()
    assert loss == pytest.approx(want.item(), rel=2e-3)
    assert loss != want.item()  # but it is not the float32 computation
    for ours, theirs, old in zip(model.parameters(), twin.parameters(), start):
        torch.testing.assert_close(ours - old, theirs - old, rtol=2e-2, atol=1e-4)


# ---------------------------------------------------------------- torch-weight-tying


class _Untied(torch.nn.Module):
    """The same model with a separate output weight: what tying is compared with."""

    def __init__(self, vocab_size, d_model):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab_size, d_model)
        self.hidden = torch.nn.Linear(d_model, d_model)
        self.head = torch.nn.Linear(d_model, vocab_size, bias=False)

    def forward(self, tokens):
        return self.head(torch.tanh(self.hidden(self.embedding(tokens))))


@pytest.mark.parametrize("vocab_size, d_model", [(11, 4), (5, 5), (3, 8)])
def test_tied_model_is_one_parameter_counted_once(vocab_size, d_model):
    """One Parameter under both names; parameters() and the optimizer see it once; state_dict names it twice."""
    model = ref("torch_weight_tying").TiedLanguageModel(vocab_size, d_model)
    assert model.head.weight is model.embedding.weight
    assert sum(p.numel() for p in model.parameters()) == vocab_size * d_model + d_model * d_model + d_model
    assert [name for name, _ in model.named_parameters()] == ["embedding.weight", "hidden.weight", "hidden.bias"]
    assert set(model.state_dict()) == {"embedding.weight", "hidden.weight", "hidden.bias", "head.weight"}


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_tied_step_equals_an_untied_model_updated_by_the_sum_of_both_gradients(weight_decay):
    """Forward equals the untied model with head = embedding; an SGD step moves the shared weight by both uses' gradients, decayed once."""
    torch.manual_seed(0)
    tied = ref("torch_weight_tying").TiedLanguageModel(7, 4).double()
    untied = _Untied(7, 4).double()
    untied.load_state_dict(tied.state_dict())
    tokens = torch.tensor([[0, 3, 3, 6], [2, 2, 5, 1]])
    targets = torch.tensor([[3, 3, 6, 0], [2, 5, 1, 4]])
    torch.testing.assert_close(tied(tokens), untied(tokens), rtol=0, atol=0)
    optimizer = torch.optim.SGD(tied.parameters(), lr=0.3, weight_decay=weight_decay)
    torch.nn.functional.cross_entropy(tied(tokens).reshape(-1, 7), targets.reshape(-1)).backward()
    torch.nn.functional.cross_entropy(untied(tokens).reshape(-1, 7), targets.reshape(-1)).backward()
    shared = untied.embedding.weight.grad + untied.head.weight.grad
    torch.testing.assert_close(tied.embedding.weight.grad, shared, rtol=1e-13, atol=1e-15)
    want = untied.embedding.weight.detach() - 0.3 * (shared + weight_decay * untied.embedding.weight.detach())
    optimizer.step()
    torch.testing.assert_close(tied.embedding.weight, want, rtol=1e-13, atol=1e-15)
    assert tied.head.weight is tied.embedding.weight
