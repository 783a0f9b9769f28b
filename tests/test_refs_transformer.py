"""References of the transformer questions checked against torch (the oracle), in float64.

Positional encodings and rotary embeddings against torch implementations of their formulas (torch
has no module for either), multi-head attention against `nn.MultiheadAttention` and
`F.scaled_dot_product_attention`, its backward against autograd, and top-k / top-p sampling
against the same filtering written in torch.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from oracle import close, ref, t

pytestmark = pytest.mark.torch
F = torch.nn.functional


# ---------------------------------------------------------------- positional encoding


def torch_positional_encoding(seq_len: int, d_model: int, base: float = 10000.0) -> torch.Tensor:
    """The PyTorch tutorial's PositionalEncoding table, with the cosines trimmed for an odd d_model."""
    position = torch.arange(seq_len, dtype=torch.float64).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(base) / d_model))
    pe = torch.zeros(seq_len, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term[: d_model // 2])
    return pe


@pytest.mark.parametrize(("seq_len", "d_model", "base"), [(1, 1, 1e4), (4, 6, 1e4), (3, 5, 1e4), (7, 1, 1e4), (50, 16, 1e4), (2048, 8, 1e4), (40, 9, 5e5), (10, 6, 100.0)])
def test_positional_encoding_matches_the_torch_formula(seq_len, d_model, base):
    got = ref("numpy_positional_encoding").positional_encoding(seq_len, d_model, base=base)
    # exp(-log(base) * 2i / d) and base ** (-2i / d) differ by rounding, which positions up to 2047 magnify
    close(got, torch_positional_encoding(seq_len, d_model, base), rtol=1e-10, atol=1e-10)


def test_positional_encoding_odd_width_is_the_even_table_with_its_own_frequencies():
    """An odd d_model's sine columns use 2i / d_model with that odd d_model (not the table of d_model + 1)."""
    pe = ref("numpy_positional_encoding").positional_encoding(6, 5)
    pos = np.arange(6)[:, None]
    np.testing.assert_allclose(pe[:, 4], np.sin(pos[:, 0] / 10000.0 ** (4 / 5)), rtol=0, atol=1e-15)
    assert not np.allclose(pe, torch_positional_encoding(6, 6).numpy()[:, :5])


# ---------------------------------------------------------------- rotary embeddings


def torch_rope_half_split(x: torch.Tensor, positions: torch.Tensor, base: float) -> torch.Tensor:
    """Hugging Face Llama's `apply_rotary_pos_emb` (rotate_half), for the (batch, seq, heads, d) layout."""
    d = x.shape[-1]
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
    freqs = torch.outer(positions.double(), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)[:, None, :]  # (seq, 1, d): broadcast over heads
    x1, x2 = x[..., : d // 2], x[..., d // 2 :]
    return x * emb.cos() + torch.cat((-x2, x1), dim=-1) * emb.sin()


def torch_rope_interleaved(x: torch.Tensor, positions: torch.Tensor, base: float) -> torch.Tensor:
    """Meta's original Llama `apply_rotary_emb`: adjacent pairs as complex numbers times e^(i p theta)."""
    d = x.shape[-1]
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
    rotation = torch.polar(torch.ones(len(positions), d // 2, dtype=torch.float64), torch.outer(positions.double(), inv_freq))
    pairs = torch.view_as_complex(x.reshape(*x.shape[:-1], d // 2, 2).contiguous())
    return torch.view_as_real(pairs * rotation[:, None, :]).flatten(-2)


ROPE_CASES = [((1, 1, 1, 2), None, 1e4), ((2, 5, 3, 8), None, 1e4), ((1, 4, 2, 32), [0, 1, 4096, 8191], 1e4), ((1, 5, 3, 6), [0, 5, 2, 100, 5], 10.0), ((2, 6, 4, 16), None, 5e5)]


@pytest.mark.parametrize(("shape", "positions", "base"), ROPE_CASES)
def test_rope_matches_hugging_face_rotate_half_in_torch(shape, positions, base):
    x = np.random.default_rng(sum(shape)).standard_normal(shape)
    before = x.copy()
    pos = np.arange(shape[1]) if positions is None else np.array(positions)
    got = ref("numpy_rope").apply_rope(x, None if positions is None else pos, base=base)
    # large positions times frequencies: both sides round the angle, and sin/cos carry it
    close(got, torch_rope_half_split(torch.from_numpy(x), torch.from_numpy(pos), base), rtol=1e-10, atol=1e-10)
    assert np.array_equal(x, before), "the reference must not modify its input"


@pytest.mark.parametrize(("shape", "positions", "base"), ROPE_CASES)
def test_rope_half_split_is_the_interleaved_convention_on_permuted_features(shape, positions, base):
    """Half-split pair (j, j + d/2) is interleaved pair (2j, 2j + 1) after permuting the features, and not the same function."""
    x = np.random.default_rng(sum(shape) + 1).standard_normal(shape)
    d = shape[-1]
    to_interleaved = np.stack([np.arange(d // 2), np.arange(d // 2) + d // 2], axis=1).ravel()  # [0, d/2, 1, d/2 + 1, ...]
    pos = np.arange(shape[1]) if positions is None else np.array(positions)
    got = ref("numpy_rope").apply_rope(x, pos, base=base)
    want = torch_rope_interleaved(torch.from_numpy(x[..., to_interleaved]), torch.from_numpy(pos), base)
    close(got[..., to_interleaved], want, rtol=1e-10, atol=1e-10)
    if pos.max() > 0 and d > 2:
        assert not np.allclose(got, torch_rope_interleaved(torch.from_numpy(x), torch.from_numpy(pos), base).numpy())


def test_rope_scores_depend_only_on_the_offset():
    apply_rope = ref("numpy_rope").apply_rope
    rng = np.random.default_rng(7)
    q, k = rng.standard_normal((1, 1, 2, 8)), rng.standard_normal((1, 1, 2, 8))
    scores = [np.sum(apply_rope(q, np.array([m])) * apply_rope(k, np.array([m - 5]))) for m in (5, 9, 300)]
    np.testing.assert_allclose(scores, scores[0], rtol=1e-10)


# ---------------------------------------------------------------- multi-head attention


def mha_params(rng, width: int) -> dict:
    """Random (in, out) projections and biases, as the question passes them."""
    params = {f"W_{p}": rng.standard_normal((width, width)) / np.sqrt(width) * 2 for p in "qkvo"}
    params.update({f"b_{p}": rng.standard_normal(width) * 0.5 for p in "qkvo"})
    return params


def torch_mha(params: dict, width: int, heads: int) -> torch.nn.MultiheadAttention:
    """nn.MultiheadAttention with the question's weights mapped: torch keeps (out, in) and one packed in-projection."""
    mha = torch.nn.MultiheadAttention(width, heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.from_numpy(np.concatenate([params[f"W_{p}"].T for p in "qkv"])))
        mha.in_proj_bias.copy_(torch.from_numpy(np.concatenate([params[f"b_{p}"] for p in "qkv"])))
        mha.out_proj.weight.copy_(torch.from_numpy(params["W_o"].T))
        mha.out_proj.bias.copy_(torch.from_numpy(params["b_o"]))
    return mha


def combined_keep(b: int, n: int, mask, causal: bool) -> np.ndarray:
    keep = np.ones((b, n, n), dtype=bool) if mask is None else np.broadcast_to(mask, (b, n, n)).copy()
    return keep & np.tril(np.ones((n, n), dtype=bool)) if causal else keep


MHA_CASES = [(1, 1, 2, 1, None, False), (2, 4, 6, 2, None, False), (3, 5, 8, 4, "shared", False), (2, 6, 6, 3, "per sequence", False), (2, 6, 8, 4, None, True), (2, 5, 4, 2, "per sequence", True), (1, 7, 12, 6, "shared", True)]


@pytest.mark.parametrize(("b", "n", "width", "heads", "mask_kind", "causal"), MHA_CASES)
def test_multihead_attention_matches_nn_multiheadattention(b, n, width, heads, mask_kind, causal):
    rng = np.random.default_rng(b * 100 + n * 10 + width)
    x, params = rng.standard_normal((b, n, width)), mha_params(rng, width)
    mask = None
    if mask_kind:
        mask = rng.random((n, n) if mask_kind == "shared" else (b, n, n)) < 0.6
        mask |= np.eye(n, dtype=bool)  # every query keeps a key, also under the causal mask: torch gives NaN otherwise
    output, weights = ref("numpy_multihead_attention").multihead_attention(x, params, heads, mask, causal)
    blocked = torch.from_numpy(~combined_keep(b, n, mask, causal)).repeat_interleave(heads, dim=0)  # (b * heads, n, n), True = blocked
    xt = torch.from_numpy(x)
    want_out, want_weights = torch_mha(params, width, heads)(xt, xt, xt, attn_mask=blocked, need_weights=True, average_attn_weights=False)
    close(output, want_out)
    close(weights, want_weights)


def test_multihead_attention_fully_masked_rows_match_sdpa_per_head():
    """torch's module gives NaN for a query with nothing to attend to; SDPA per head gives zeros, so the row outputs b_o."""
    rng = np.random.default_rng(3)
    b, n, width, heads = 2, 4, 6, 3
    x, params = rng.standard_normal((b, n, width)), mha_params(rng, width)
    mask = rng.random((b, n, n)) < 0.6
    mask |= np.eye(n, dtype=bool)
    mask[0, 2] = False
    mask[1, 0] = False
    output, weights = ref("numpy_multihead_attention").multihead_attention(x, params, heads, mask, False)
    tp = {k: torch.from_numpy(v) for k, v in params.items()}
    xt = torch.from_numpy(x)
    split = [(xt @ tp[f"W_{p}"] + tp[f"b_{p}"]).reshape(b, n, heads, width // heads).transpose(1, 2) for p in "qkv"]
    heads_out = F.scaled_dot_product_attention(*split, attn_mask=torch.from_numpy(mask)[:, None])
    close(output, heads_out.transpose(1, 2).reshape(b, n, width) @ tp["W_o"] + tp["b_o"])
    np.testing.assert_array_equal(output[0, 2], params["b_o"])
    assert np.all(weights[0, :, 2] == 0) and np.all(weights[1, :, 0] == 0)
    np.testing.assert_allclose(weights.sum(axis=-1)[mask.any(axis=-1)[:, None, :].repeat(heads, 1)], 1.0, rtol=1e-12)


def test_multihead_attention_is_finite_on_huge_scores():
    rng = np.random.default_rng(4)
    params = mha_params(rng, 4)
    params.update({f"W_{p}": params[f"W_{p}"] * 30 for p in "qk"})
    x = rng.standard_normal((2, 4, 4)) * 30
    output, weights = ref("numpy_multihead_attention").multihead_attention(x, params, 2, None, True)
    xt = torch.from_numpy(x)
    blocked = torch.from_numpy(~combined_keep(2, 4, None, True))
    want_out, want_weights = torch_mha(params, 4, 2)(xt, xt, xt, attn_mask=blocked[0], average_attn_weights=False)
    close(output, want_out, rtol=1e-10, atol=1e-10)
    close(weights, want_weights, rtol=1e-10, atol=1e-10)


# ---------------------------------------------------------------- attention backward


def attention_case(seed: int, b: int, n_q: int, n_k: int, d_k: int, d_v: int, scale: float = 1.5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((b, n_q, d_k)) * scale, rng.standard_normal((b, n_k, d_k)) * scale,
            rng.standard_normal((b, n_k, d_v)), rng.standard_normal((b, n_q, d_v)), rng)


@pytest.mark.parametrize(("b", "n_q", "n_k", "d_k", "d_v", "mask_kind", "scale"), [
    (1, 1, 1, 1, 1, None, 1.5), (2, 3, 5, 4, 2, None, 1.5), (3, 2, 6, 5, 1, None, 1.5), (2, 4, 5, 3, 2, "random", 1.5),
    (2, 5, 5, 4, 3, "causal", 1.5), (2, 4, 6, 3, 2, "fully masked rows", 1.5), (1, 3, 4, 2, 3, "one key or none", 1.5),
    (2, 3, 5, 4, 2, "random", 50.0), (1, 4, 7, 64, 3, None, 1.0),
])
def test_attention_backward_matches_autograd_through_sdpa(b, n_q, n_k, d_k, d_v, mask_kind, scale):
    Q, K, V, dout, rng = attention_case(b * 1000 + n_q * 100 + n_k * 10 + d_k, b, n_q, n_k, d_k, d_v, scale)
    mask = None
    if mask_kind == "causal":
        mask = np.broadcast_to(np.tril(np.ones((n_q, n_k), dtype=bool)), (b, n_q, n_k)).copy()
    elif mask_kind == "one key or none":
        mask = np.zeros((b, n_q, n_k), dtype=bool)
        mask[0, 0, 2] = True
    elif mask_kind:
        mask = rng.random((b, n_q, n_k)) < 0.6
        mask[:, :, 0] = True
        if mask_kind == "fully masked rows":
            mask[0, 1] = False
            mask[b - 1, n_q - 1] = False
    before = [a.copy() for a in (Q, K, V, dout)]
    dQ, dK, dV = ref("numpy_attention_backward").attention_backward(Q, K, V, dout, mask)
    q, k, v = t(Q), t(K), t(V)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=None if mask is None else torch.from_numpy(mask))
    out.backward(torch.from_numpy(dout))
    for got, want in [(dQ, q.grad), (dK, k.grad), (dV, v.grad)]:
        close(got, want, rtol=1e-10, atol=1e-12)
    assert all(np.array_equal(a, c) for a, c in zip((Q, K, V, dout), before)), "the reference must not modify its inputs"
    if mask is not None:
        assert np.all(dQ[~mask.any(axis=-1)] == 0), "a fully masked query gets no gradient"


# ---------------------------------------------------------------- top-k / top-p sampling


def hf_filtered_probs(logits: torch.Tensor, temperature: float, top_k, top_p) -> torch.Tensor:
    """Hugging Face's TemperatureLogitsWarper, TopKLogitsWarper and TopPLogitsWarper in that order, then softmax."""
    scores = logits / temperature
    if top_k is not None:
        k = min(top_k, scores.shape[-1])
        scores = scores.masked_fill(scores < torch.topk(scores, k)[0][..., -1, None], -math.inf)
    if top_p is not None:
        sorted_logits, sorted_indices = torch.sort(scores, descending=False)
        cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
        remove = cumulative <= (1 - top_p)
        remove[..., -1:] = False  # min_tokens_to_keep = 1
        scores = scores.masked_fill(remove.scatter(-1, sorted_indices, remove), -math.inf)
    return scores.softmax(dim=-1)


def inverse_cdf_draw(probs: torch.Tensor, u: np.ndarray) -> np.ndarray:
    """The question's draw: in rank order (stable, most likely first), the first token whose running sum exceeds u."""
    ranked, order = torch.sort(probs, dim=-1, descending=True, stable=True)
    rank = torch.searchsorted(ranked.cumsum(-1), torch.from_numpy(u)[..., None], right=True).clamp_max(probs.shape[-1] - 1)
    return order.gather(-1, rank)[..., 0].numpy()


SAMPLING_CASES = [
    ((4, 10), 2.0, 1.0, None, None), ((3, 8), 2.0, 0.5, None, None), ((4, 6), 100.0, 0.01, None, None), ((5, 9), 2.0, 1.0, 1, None),
    ((2, 5), 2.0, 1.0, 50, None), ((6, 12), 2.0, 1.0, 4, None), ((5, 10), 2.0, 1.0, None, 0.9), ((4, 7), 2.0, 1.0, None, 0.01),
    ((6, 15), 2.0, 0.8, 5, 0.7), ((5, 8), 0.3, 1.0, 3, 0.6), ((2, 3, 7), 2.0, 1.0, 4, 0.8), ((3, 1000), 3.0, 1.0, 50, 0.9),
]


@pytest.mark.parametrize(("shape", "scale", "temperature", "top_k", "top_p"), SAMPLING_CASES)
def test_sampling_filters_match_hugging_faces_warpers_and_the_draw_is_the_inverse_cdf(shape, scale, temperature, top_k, top_p):
    logits = np.random.default_rng(sum(shape)).standard_normal(shape) * scale  # no ties: HF keeps tied k-th tokens, the question the lower index
    before = logits.copy()
    tokens, probs = ref("numpy_top_k_sampling").sample_next_token(logits, np.random.default_rng(5), temperature, top_k, top_p)
    want = hf_filtered_probs(torch.from_numpy(logits), temperature, top_k, top_p)
    close(probs, want, rtol=1e-10, atol=1e-14)
    assert tokens.dtype == np.int64 and tokens.shape == shape[:-1]
    np.testing.assert_array_equal(tokens, inverse_cdf_draw(want, np.random.default_rng(5).random(shape[:-1])))
    assert np.all(np.take_along_axis(probs, tokens[..., None], -1) > 0), "a drawn token was filtered out"
    assert np.array_equal(logits, before), "the reference must not modify its input"


def test_sampling_ties_keep_the_lower_indices_exactly_top_k():
    tied = np.zeros((2, 40))
    tied[:, 5:25] = 2.0
    tied[1, 30] = 2.5
    tokens, probs = ref("numpy_top_k_sampling").sample_next_token(tied, np.random.default_rng(0), top_k=7)
    kept = [np.flatnonzero(row).tolist() for row in probs]
    assert kept == [list(range(5, 12)), [5, 6, 7, 8, 9, 10, 30]]
    assert len(np.flatnonzero(hf_filtered_probs(torch.from_numpy(tied), 1.0, 7, None)[0])) == 20  # HF keeps every tied token


def test_sampling_draws_follow_the_filtered_distribution():
    logits = np.repeat(np.array([[2.0, 1.0, 0.5, 0.0, -1.0, -3.0]]), 40000, axis=0)
    tokens, probs = ref("numpy_top_k_sampling").sample_next_token(logits, np.random.default_rng(11), temperature=0.9, top_k=4, top_p=0.85)
    counts = np.bincount(tokens, minlength=6) / len(tokens)
    np.testing.assert_allclose(counts, probs[0], atol=4 * np.sqrt(0.25 / len(tokens)))
    assert counts[4] == counts[5] == 0
