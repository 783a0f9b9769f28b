"""Tests for torch-transformer-block: forward passes of known weights, with and without the causal mask.

Both sides build the block, convert it to float64 (`.double()`) and load the same known state
(`load_state_dict`, strict: other names or shapes fail to load). Every parameter gets values of
its own (LayerNorm scales away from 1, biases away from 0), so a swapped or shared module shows.
Inputs have an offset and a scale, so LayerNorm's centring and scaling both matter. Judged in eval
mode, in train mode with dropout 0, and in eval mode with dropout 0.3 (which must then do nothing).
"""

import numpy as np

from quizzer.core.suite import Test

_LINEARS = ("q_proj", "k_proj", "v_proj", "out_proj")


def _state(rng, d_model, d_ff):
    """A complete float64 state for the block's parameter names."""
    state = {}
    for norm in ("ln1", "ln2"):
        state[f"{norm}.weight"] = rng.uniform(0.5, 1.5, d_model)
        state[f"{norm}.bias"] = rng.standard_normal(d_model) * 0.2
    shapes = {name: (d_model, d_model) for name in _LINEARS} | {"fc1": (d_ff, d_model), "fc2": (d_model, d_ff)}
    for name, (n_out, n_in) in shapes.items():
        state[f"{name}.weight"] = rng.standard_normal((n_out, n_in)) / np.sqrt(n_in) * 1.5
        state[f"{name}.bias"] = rng.standard_normal(n_out) * 0.2
    return state


def _block(test, rng, d_model, n_heads, d_ff, *dropout, mode="eval"):
    test.seed(0)
    net = test.new("TransformerBlock", d_model, n_heads, d_ff, *dropout)
    test.method(net, "double", observe=False)
    test.method(net, "load_state_dict", _state(rng, d_model, d_ff), observe=False, as_tensors=True)
    test.method(net, mode, observe=False)
    return net


def _x(rng, batch, length, d_model, scale=2.0, offset=1.0):
    return rng.standard_normal((batch, length, d_model)) * scale + offset


def _forwards(test, net, x, both=True):
    test.method(net, "forward", x, label="forward(x)", as_tensors=True)
    if both:
        test.method(net, "forward", x, causal=True, label="forward(x, causal=True)", as_tensors=True)


def _case(name, rng, sizes, shape, *dropout, mode="eval", visible=False, **x_kwargs):
    test = Test(name, visible=visible)
    net = _block(test, rng, *sizes, *dropout, mode=mode)
    test.get(net, "dropout.p", label="after construction")
    _forwards(test, net, _x(rng, *shape, sizes[0], **x_kwargs))
    return test


def tests(rng):
    example = np.random.default_rng(0)
    visible = [
        _case("example: d_model 4, 2 heads, d_ff 8, a batch of 2 sequences of 3, eval mode", example, (4, 2, 8), (2, 3), visible=True),
    ]

    hidden = [
        _case("d_model 8, 2 heads, d_ff 32, batch 3 of length 5", rng, (8, 2, 32), (3, 5)),
        _case("a batch of one, length 7, d_model 6 with 3 heads, d_ff 10", rng, (6, 3, 10), (1, 7)),
        _case("one head (head_dim = d_model = 4), length 6", rng, (4, 1, 12), (2, 6)),
        _case("as many heads as features (head_dim 1), d_model 6", rng, (6, 6, 8), (2, 4)),
        _case("length 1: the causal mask changes nothing", rng, (8, 4, 16), (3, 1)),
        _case("length 9 > d_model 4, 2 heads, d_ff 6", rng, (4, 2, 6), (2, 9)),
        _case("inputs far from zero (offset 20, scale 5): LayerNorm must centre and scale", rng, (8, 2, 16), (2, 4), scale=5.0, offset=20.0),
        _case("small inputs (scale 0.05): LayerNorm's eps (1e-5) shows", rng, (8, 2, 16), (2, 4), scale=0.05, offset=0.0),
        _case("train mode with dropout 0: the same as eval", rng, (8, 2, 16), (2, 5), 0.0, mode="train"),
        _case("eval mode with dropout 0.3: dropout must do nothing", rng, (8, 4, 24), (2, 5), 0.3),
        _case("the default dropout (0.1), eval mode, d_model 12 with 4 heads", rng, (12, 4, 48), (2, 6)),
    ]

    test = Test("the causal mask: position t sees positions up to t; eval mode, then the same x again without it")
    net = _block(test, rng, 8, 2, 16)
    x = _x(rng, 2, 6, 8)
    test.method(net, "forward", x, causal=True, label="forward(x, causal=True)", as_tensors=True)
    test.method(net, "forward", x, False, label="forward(x, False)", as_tensors=True)
    test.method(net, "forward", x[:, :3], causal=True, label="forward(x[:, :3], causal=True)", as_tensors=True)
    hidden.append(test)
    return visible + hidden
