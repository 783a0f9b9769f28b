"""The bank's questions on transformers, mixed precision, accumulation, data loading, custom autograd,
conv backward, focal loss and weight tying: every numeric answer recomputed with torch, and every
claim of a choice question that torch can check, replayed.

As in test_content.py, the numbers come from torch's own modules, optimizers, schedulers and autograd,
not from the formula the walkthrough uses, and are compared with the spec's own tolerance. A choice
test also names its right option, so moving `correct = true` to another option fails it.
"""

from __future__ import annotations

import copy
import math
from typing import Callable

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from oracle import SquareOnCtx, SquareSaved

from quizzer.core.bank import load_bank
from quizzer.core.spec import Kind

pytestmark = pytest.mark.torch

BANK = load_bank()


def spec(question_id: str):
    """The spec of one of the bank's concept, choice or numeric questions."""
    question = BANK.get(question_id)
    assert question is not None, f"{question_id} is not in the bank"
    assert question.spec.kind != Kind.coding
    return question.spec


def the_right_option(question_id: str) -> str:
    """The text of a choice question's one right option."""
    right = [o.text for o in spec(question_id).options if o.correct]
    assert len(right) == 1, right
    return right[0]


def n_params(module: nn.Module) -> int:
    """Trainable parameters of a torch module (a shared Parameter counted once)."""
    return sum(p.numel() for p in module.parameters())


def nbytes(tensors) -> int:
    """Bytes taken by some tensors (real or on the meta device)."""
    return sum(t.numel() * t.element_size() for t in tensors)


RECOMPUTE_NEW: dict[str, Callable[[], float]] = {}
"""Numeric question id -> a function computing its answer with torch (filled by @recomputes)."""


def recomputes(question_id: str):
    """Register the decorated function as the torch recomputation of a numeric question's answer."""

    def register(function):
        assert question_id not in RECOMPUTE_NEW, question_id
        RECOMPUTE_NEW[question_id] = function
        return function

    return register


def rope(x: torch.Tensor, position: int, base: float = 10000.0) -> torch.Tensor:
    """Rotary embedding of the last axis of `x` at `position`: pair (2i, 2i+1) rotated by position * base^(-2i/d)."""
    d = x.shape[-1]
    angle = position * base ** (-torch.arange(0, d, 2, dtype=x.dtype) / d)
    even, odd = x[..., 0::2], x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = even * angle.cos() - odd * angle.sin()
    out[..., 1::2] = even * angle.sin() + odd * angle.cos()
    return out


# ---------------------------------------------------------------------------------------------
# Transformers: attention, positional encodings, normalization


@recomputes("kv-cache-memory")
def _kv_cache_memory():
    layers, d_model, kv_heads, head_dim, tokens = 32, 4096, 8, 128, 8192
    x = torch.empty(1, tokens, d_model, dtype=torch.float16, device="meta")
    k_proj, v_proj = (nn.Linear(d_model, kv_heads * head_dim, bias=False, dtype=torch.float16, device="meta") for _ in range(2))
    cache = []
    for _layer in range(layers):  # the same projections in every layer: only the shapes matter here
        cache += [proj(x).view(1, tokens, kv_heads, head_dim).transpose(1, 2) for proj in (k_proj, v_proj)]
    assert cache[0].shape == (1, kv_heads, tokens, head_dim)
    return nbytes(cache) / 2**20


@recomputes("transformer-layer-parameters")
def _transformer_layer_parameters():
    return n_params(nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048))


@recomputes("sinusoidal-encoding-value")
def _sinusoidal_encoding_value():
    d_model, max_len = 8, 10  # the PyTorch tutorials' PositionalEncoding table
    position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(10000.0) / d_model))
    pe = torch.zeros(max_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term)
    return pe[5, 3].item()


@recomputes("attention-flops")
def _attention_flops():
    from torch.utils.flop_counter import FlopCounterMode

    q, k, v = (torch.empty(1, 12, 1024, 64, device="meta") for _ in range(3))
    with FlopCounterMode(display=False) as counter:
        (q @ k.transpose(-2, -1) / 8.0).softmax(dim=-1) @ v
    return counter.get_total_flops() / 1e9


def test_kv_cache_decoding_needs_no_mask_and_is_causal_would_be_wrong():
    torch.manual_seed(0)
    q, k, v = torch.randn(3, 2, 4, 6, 8, dtype=torch.float64).unbind(0)  # batch 2, 4 heads, t = 6 tokens
    full = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    new_q = q[:, :, -1:]
    assert torch.allclose(F.scaled_dot_product_attention(new_q, k, v), full[:, :, -1:])
    top_left = F.scaled_dot_product_attention(new_q, k, v, is_causal=True)
    assert torch.allclose(top_left, v[:, :, :1]) and not torch.allclose(top_left, full[:, :, -1:])
    not_itself = torch.ones(1, 6, dtype=torch.bool)
    not_itself[0, -1] = False
    assert not torch.allclose(F.scaled_dot_product_attention(new_q, k, v, attn_mask=not_itself), full[:, :, -1:])
    assert "with no mask" in the_right_option("kv-cache-decode-mask")


def test_under_a_causal_mask_earlier_positions_do_not_change_when_a_token_is_appended():
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(d_model=16, nhead=2, dim_feedforward=32, dropout=0.0, batch_first=True).double().eval()
    x = torch.randn(1, 6, 16, dtype=torch.float64)
    with torch.no_grad():
        before = layer(x[:, :5], src_mask=nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64), is_causal=True)
        after = layer(x, src_mask=nn.Transformer.generate_square_subsequent_mask(6, dtype=torch.float64), is_causal=True)
    assert torch.allclose(before, after[:, :5])


def test_rope_scores_depend_on_the_offset_only_and_keep_norms():
    torch.manual_seed(0)
    q, k = torch.randn(2, 16, dtype=torch.float64)
    score = rope(q, 5) @ rope(k, 2)
    assert rope(q, 105) @ rope(k, 102) == pytest.approx(score.item())
    assert q @ rope(k, 2 - 5) == pytest.approx(score.item())  # q^T R((n - m) theta) k
    assert rope(q, 12345).norm() == pytest.approx(q.norm().item())
    assert rope(q, 6) @ rope(k, 2) != pytest.approx(score.item())  # another offset, another score
    assert "offset n - m" in the_right_option("rope-relative-position")


def test_rmsnorm_rescales_without_recentering():
    torch.manual_seed(0)
    x = torch.randn(4, 16) + 0.5
    rms, layer_norm = nn.RMSNorm(16), nn.LayerNorm(16)
    assert torch.allclose(rms(x), x / x.pow(2).mean(-1, keepdim=True).add(torch.finfo(x.dtype).eps).sqrt(), atol=1e-6)
    assert torch.allclose(rms(3.0 * x), rms(x), atol=1e-5) and torch.allclose(layer_norm(3.0 * x), layer_norm(x), atol=1e-5)
    assert not torch.allclose(rms(x + 3.0), rms(x), atol=1e-3) and torch.allclose(layer_norm(x + 3.0), layer_norm(x), atol=1e-5)
    assert [name for name, _ in rms.named_parameters()] == ["weight"] and n_params(rms) == 16 and n_params(layer_norm) == 32
    assert not torch.allclose(rms(x), layer_norm(x), atol=1e-3)  # they differ when the mean is not zero
    centred = x - x.mean(-1, keepdim=True)
    assert torch.allclose(rms(centred), layer_norm(centred), atol=1e-3)
    assert "without subtracting their mean" in the_right_option("rmsnorm-vs-layernorm")


def test_pre_ln_has_an_identity_path_and_post_ln_does_not():
    torch.manual_seed(0)
    x = torch.randn(2, 5, 16, dtype=torch.float64, requires_grad=True)
    upstream = torch.randn(2, 5, 16, dtype=torch.float64)
    outputs = {}
    for norm_first in (True, False):
        block = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.0, batch_first=True, norm_first=norm_first).double()
        for zeroed in (block.self_attn.out_proj, block.linear2):  # both sublayers output zeros: F = 0
            nn.init.zeros_(zeroed.weight)
            nn.init.zeros_(zeroed.bias)
        y = block(x)
        (grad,) = torch.autograd.grad(y, x, upstream)
        outputs[norm_first] = (y.detach(), grad, block)
    pre_y, pre_grad, _ = outputs[True]
    post_y, post_grad, post_block = outputs[False]
    assert torch.allclose(pre_y, x) and torch.allclose(pre_grad, upstream)
    assert torch.allclose(post_y, post_block.norm2(post_block.norm1(x)).detach()) and not torch.allclose(post_y, x)
    assert not torch.allclose(post_grad, upstream)
    assert "Pre-LN's input reaches the output unchanged" in the_right_option("pre-ln-identity-path")


# ---------------------------------------------------------------------------------------------
# The training loop: mixed precision, gradient accumulation, data loading


@recomputes("grad-scaler-scale")
def _grad_scaler_scale():
    theta = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=1.0)
    scaler = torch.amp.GradScaler("cpu")  # the defaults the question states
    assert (scaler.get_scale(), scaler.get_growth_factor(), scaler.get_backoff_factor(), scaler.get_growth_interval()) == (2.0**16, 2.0, 0.5, 2000)
    for overflow in [True] * 3 + [False] * 2000:
        optimizer.zero_grad()
        scaler.scale((theta * (math.inf if overflow else 1.0)).sum()).backward()
        scaler.step(optimizer)
        scaler.update()
    assert theta.item() == -2000.0, "the 3 overflowing steps were skipped and the 2000 others taken"
    return scaler.get_scale()


@recomputes("accumulation-leftover-examples")
def _accumulation_leftover_examples():
    """The question's loop over two epochs; one weight per example, so each step's gradient counts its examples."""
    from torch.utils.data import DataLoader, TensorDataset

    theta = torch.zeros(1000, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=0.0)
    loader = DataLoader(TensorDataset(torch.arange(1000)), batch_size=32, shuffle=True, drop_last=True, generator=torch.Generator().manual_seed(0))
    criterion = lambda output, _target: output.mean()  # noqa: E731 - a mean over the micro-batch, as in the question
    examples_per_step, steps_per_epoch = [], []
    optimizer.zero_grad()
    for _epoch in range(2):
        steps = 0
        for i, (x,) in enumerate(loader):
            (criterion(theta[x], x) / 4).backward()  # each example adds 1 / (32 * 4) to the gradient
            if (i + 1) % 4 == 0:
                examples_per_step.append(round(theta.grad.sum().item() * 32 * 4))
                optimizer.step()
                optimizer.zero_grad()
                steps += 1
        steps_per_epoch.append(steps)
    assert len(loader) == 31 and steps_per_epoch == [7, 7]
    assert examples_per_step[:7] == [128] * 7
    return examples_per_step[7]


def test_bfloat16_has_float32s_range_and_less_precision_than_float16():
    fp16, bf16 = torch.finfo(torch.float16), torch.finfo(torch.bfloat16)
    assert fp16.max == 65504 and bf16.max == pytest.approx(3.39e38, rel=1e-3) and bf16.max == pytest.approx(torch.finfo(torch.float32).max, rel=1e-2)
    assert (-math.log2(fp16.eps), -math.log2(bf16.eps)) == (10, 7)  # mantissa bits
    assert torch.tensor(70000.0).half().isinf() and torch.tensor(70000.0).bfloat16().item() == 70144
    assert torch.tensor(1e-8).half().item() == 0 and torch.tensor(1e-8).bfloat16().item() != 0
    one = torch.tensor(1.0)
    assert (one.bfloat16() + torch.tensor(0.003).bfloat16()).item() == 1.0 and (one.half() + torch.tensor(0.003).half()).item() != 1.0
    assert "8 exponent bits" in the_right_option("bf16-vs-fp16-range")


def test_gradient_accumulation_matches_the_large_batch_except_with_batchnorm():
    torch.manual_seed(0)
    x, y = torch.randn(32, 4, dtype=torch.float64), torch.randn(32, 1, dtype=torch.float64)

    def gradient(model, micro_batches, divide=True):
        model.zero_grad()
        for xs, ys in zip(x.chunk(micro_batches), y.chunk(micro_batches)):
            loss = F.mse_loss(model(xs), ys)
            (loss / micro_batches if divide else loss).backward()
        return torch.cat([p.grad.flatten() for p in model.parameters()])

    mlp = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).double()
    with_layer_norm = nn.Sequential(nn.Linear(4, 8), nn.LayerNorm(8), nn.ReLU(), nn.Linear(8, 1)).double()
    with_batch_norm = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1)).double()
    assert torch.allclose(gradient(mlp, 4), gradient(mlp, 1))
    assert torch.allclose(gradient(mlp, 4, divide=False), 4 * gradient(mlp, 1))  # without the division: 4 times, same direction
    assert torch.allclose(gradient(with_layer_norm, 4), gradient(with_layer_norm, 1))
    assert not torch.allclose(gradient(with_batch_norm, 4), gradient(with_batch_norm, 1))
    tracked = with_batch_norm[1].num_batches_tracked.item()
    gradient(with_batch_norm, 4)
    assert with_batch_norm[1].num_batches_tracked.item() == tracked + 4  # running statistics updated 4 times
    assert "with BatchNorm layers it does not" in the_right_option("grad-accumulation-batchnorm")


def test_a_shuffling_loader_draws_a_new_order_every_epoch_from_its_generator():
    from torch.utils.data import DataLoader, TensorDataset

    g = torch.Generator().manual_seed(42)
    loader = DataLoader(TensorDataset(torch.arange(10)), batch_size=4, shuffle=True, drop_last=True, generator=g)
    epochs = [[batch.tolist() for (batch,) in loader] for _ in range(2)]
    assert len(loader) == 2 and all(len(epoch) == 2 and all(len(b) == 4 for b in epoch) for epoch in epochs)
    assert epochs[0] != epochs[1]
    left_out = [set(range(10)) - {i for b in epoch for i in b} for epoch in epochs]
    assert all(len(s) == 2 for s in left_out) and left_out[0] != left_out[1]
    g.manual_seed(42)
    assert [[batch.tolist() for (batch,) in loader] for _ in range(2)] == epochs
    walkthrough = spec("dataloader-shuffle-generator").walkthrough
    for epoch in epochs:  # the batches the walkthrough quotes for seed 42
        assert f"{epoch[0]} and {epoch[1]}" in walkthrough.replace("\n", " ")
    assert "new order" in the_right_option("dataloader-shuffle-generator")


# ---------------------------------------------------------------------------------------------
# Custom autograd Functions and the backward of a convolution


@recomputes("conv-weight-gradient")
def _conv_weight_gradient():
    conv = nn.Conv2d(1, 1, kernel_size=3, padding=1, bias=False)
    conv(torch.arange(25.0).reshape(1, 1, 5, 5)).sum().backward()
    assert conv.weight.grad[0, 0, 1, 1] == 300  # the centre tap sees every pixel, as the walkthrough says
    return conv.weight.grad[0, 0, 0, 0].item()


def test_save_for_backward_catches_an_in_place_change_and_a_ctx_attribute_does_not():
    torch.manual_seed(0)
    a = torch.randn(3, requires_grad=True)
    x = a * 1.0
    y = SquareSaved.apply(x)
    x.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    x = a * 1.0
    y = SquareOnCtx.apply(x)
    x.add_(1.0)
    y.sum().backward()
    assert torch.allclose(a.grad, 2 * (a.detach() + 1.0)) and not torch.allclose(a.grad, 2 * a.detach())
    assert "SquareSaved raises" in the_right_option("save-for-backward-inplace")


def test_gradcheck_needs_double_precision():
    from torch.autograd.gradcheck import GradcheckError

    class _SquareWrong(SquareSaved):
        @staticmethod
        def backward(ctx, grad_y):
            (x,) = ctx.saved_tensors
            return x * grad_y  # missing the factor 2

    torch.manual_seed(0)
    x32 = torch.randn(4, requires_grad=True)
    with pytest.warns(UserWarning, match="not a double precision"), pytest.raises(GradcheckError, match="Jacobian mismatch"):
        torch.autograd.gradcheck(SquareSaved.apply, (x32,))
    x64 = x32.detach().double().requires_grad_()
    assert torch.autograd.gradcheck(SquareSaved.apply, (x64,))
    with pytest.raises(GradcheckError):
        torch.autograd.gradcheck(_SquareWrong.apply, (x64,))
    # The float32 finite differences themselves are off by 0.01 to 0.1, as the walkthrough says.
    eps = 1e-6
    numerical = ((x32.detach() + eps) ** 2 - (x32.detach() - eps) ** 2) / (2 * eps)
    assert 1e-2 < (numerical - 2 * x32.detach()).abs().max() < 0.5
    assert "float64" in the_right_option("gradcheck-double-precision")


def test_the_input_gradient_of_a_convolution_is_the_transposed_convolution():
    torch.manual_seed(0)
    x = torch.randn(2, 3, 9, 9, dtype=torch.float64, requires_grad=True)
    w = torch.randn(5, 3, 3, 3, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(x, w, stride=2, padding=1)
    assert y.shape == (2, 5, 5, 5)
    dy = torch.randn_like(y)
    y.backward(dy)
    assert torch.allclose(F.conv_transpose2d(dy, w.detach(), stride=2, padding=1), x.grad)
    assert torch.allclose(torch.nn.grad.conv2d_input(x.shape, w.detach(), dy, stride=2, padding=1), x.grad)
    with pytest.raises(RuntimeError):
        F.conv2d(dy, w.detach(), stride=2, padding=1)  # 5 channels into a weight expecting 3
    assert torch.allclose(torch.nn.grad.conv2d_weight(x.detach(), w.shape, dy, stride=2, padding=1), w.grad)  # X against dY: the weights'
    assert "conv_transpose2d" in the_right_option("conv-backward-input-gradient")


# ---------------------------------------------------------------------------------------------
# Losses, early stopping, optimizers and schedules, weight tying


@recomputes("focal-loss-value")
def _focal_loss_value():
    logits, target = torch.tensor([[2.0, 1.0, 0.0]], dtype=torch.float64), torch.tensor([0])
    ce = F.cross_entropy(logits, target, reduction="none")
    p_t = torch.exp(-ce)
    return ((1 - p_t) ** 2 * ce).item()


@recomputes("label-smoothing-loss-value")
def _label_smoothing_loss_value():
    logits, target = torch.tensor([[2.0, 1.0, 0.0]], dtype=torch.float64), torch.tensor([0])
    return F.cross_entropy(logits, target, label_smoothing=0.1).item()


@recomputes("warmup-cosine-lr")
def _warmup_cosine_lr():
    from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

    optimizer = torch.optim.AdamW([torch.zeros(1, requires_grad=True)], lr=1e-3)
    warmup = LinearLR(optimizer, start_factor=0.1, total_iters=100)
    cosine = CosineAnnealingLR(optimizer, T_max=900)
    scheduler = SequentialLR(optimizer, [warmup, cosine], milestones=[100])
    lrs = {}
    for calls in range(1, 1001):
        optimizer.step()
        scheduler.step()
        lrs[calls] = optimizer.param_groups[0]["lr"]
    assert lrs[50] == pytest.approx(5.5e-4) and lrs[100] == pytest.approx(1e-3) and lrs[1000] == pytest.approx(0.0, abs=1e-12)
    return lrs[400]


@recomputes("adam-l2-first-step")
def _adam_l2_first_step():
    def one_step(optimizer_class, weight_decay):
        theta = torch.tensor([2.0], dtype=torch.float64, requires_grad=True)
        optimizer = optimizer_class([theta], lr=0.01, weight_decay=weight_decay)
        (theta * 0.0).sum().backward()  # a zero loss gradient
        optimizer.step()
        return theta.item()

    assert one_step(torch.optim.Adam, 0.001) == pytest.approx(1.99, abs=1e-6), "the coupled step does not depend on lambda"
    assert one_step(torch.optim.AdamW, 0.1) == pytest.approx(1.998) and one_step(torch.optim.AdamW, 0.001) == pytest.approx(1.99998)
    return one_step(torch.optim.Adam, 0.1)


@recomputes("weight-tying-savings")
def _weight_tying_savings():
    def language_model(tied: bool) -> nn.Module:
        model = nn.ModuleDict({"embed": nn.Embedding(50257, 768, device="meta"), "lm_head": nn.Linear(768, 50257, bias=False, device="meta")})
        if tied:
            model["lm_head"].weight = model["embed"].weight
        return model

    return n_params(language_model(tied=False)) - n_params(language_model(tied=True))


def test_state_dict_follows_the_live_weights_and_a_deep_copy_does_not():
    torch.manual_seed(0)
    model = nn.Linear(3, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    val_losses, patience = [1.0, 0.8, 0.6, 0.7, 0.75, 0.9], 3
    best_loss, best_state, best_copy, bad_epochs, weights = float("inf"), None, None, 0, []
    for val_loss in val_losses:  # the question's loop, with a training step per epoch
        optimizer.zero_grad()
        model(torch.randn(8, 3)).pow(2).sum().backward()
        optimizer.step()
        weights.append(model.weight.detach().clone())
        if val_loss < best_loss:
            best_loss, best_state, best_copy, bad_epochs = val_loss, model.state_dict(), copy.deepcopy(model.state_dict()), 0
        else:
            bad_epochs += 1
            if bad_epochs >= patience:
                break
    assert len(weights) == 6  # best at epoch index 2, stopped 3 epochs later
    model.load_state_dict(best_state)
    assert torch.equal(model.weight, weights[-1]) and not torch.equal(model.weight, weights[2])
    model.load_state_dict(best_copy)
    assert torch.equal(model.weight, weights[2])
    assert "last epoch's weights" in the_right_option("early-stopping-state-dict-copy")


def test_a_tied_weight_is_one_parameter_whose_gradient_sums_both_uses():
    torch.manual_seed(0)
    vocab, d = 11, 4
    tokens = torch.tensor([[1, 3, 3, 7]])

    def logits_loss(embed, lm_head):
        return F.cross_entropy(lm_head(embed(tokens)).flatten(0, 1), torch.tensor([3, 3, 7, 2]))

    embed, lm_head = nn.Embedding(vocab, d).double(), nn.Linear(d, vocab, bias=False).double()
    lm_head.weight = embed.weight
    model = nn.ModuleDict({"embed": embed, "lm_head": lm_head})
    assert lm_head.weight is embed.weight and len(list(model.parameters())) == 1 and n_params(model) == vocab * d
    assert set(model.state_dict()) == {"embed.weight", "lm_head.weight"}
    untied_embed, untied_head = nn.Embedding(vocab, d).double(), nn.Linear(d, vocab, bias=False).double()
    with torch.no_grad():
        untied_embed.weight.copy_(embed.weight)
        untied_head.weight.copy_(embed.weight)
    logits_loss(embed, lm_head).backward()
    logits_loss(untied_embed, untied_head).backward()
    assert torch.allclose(embed.weight.grad, untied_embed.weight.grad + untied_head.weight.grad)
    looked_up = untied_embed.weight.grad.abs().sum(dim=1) != 0
    assert looked_up.tolist() == [i in (1, 3, 7) for i in range(vocab)]  # the lookup's gradient reaches the rows used
    assert "one Parameter" in the_right_option("weight-tying-gradient")


# ---------------------------------------------------------------------------------------------
# Every numeric answer above, against its question's tolerance


@pytest.mark.parametrize("qid", sorted(RECOMPUTE_NEW))
def test_numeric_answer_matches_torch(qid):
    s = spec(qid)
    assert s.kind == Kind.numeric
    value = RECOMPUTE_NEW[qid]()
    assert s.is_right(value), f"{qid}: spec says {s.answer} +- {s.tolerance} {s.unit}, torch gives {value}"
