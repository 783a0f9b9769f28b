"""Tests for torch-weight-tying: one Parameter under two names, counted once, trained once per step.

The judge asks by itself (probes, run the same way on both sides): is `head.weight` the very object
`embedding.weight` is, how many numbers `parameters()` yields, and it trains the model with its own
`torch.optim.SGD` steps on cross-entropy (weight decay on, so a weight counted twice is decayed twice).
Forward passes are compared after loading the same known float64 weights (both names of the shared
weight carry the same values, as `state_dict()` gives them), and after the steps.
"""

import numpy as np

from quizzer.core.suite import Test


def _state(rng, vocab_size, d_model):
    embedding = rng.standard_normal((vocab_size, d_model))
    return {
        "embedding.weight": embedding,
        "hidden.weight": rng.standard_normal((d_model, d_model)) / np.sqrt(d_model) * 1.5,
        "hidden.bias": rng.standard_normal(d_model) * 0.3,
        "head.weight": embedding.copy(),
    }


def _tokens(rng, vocab_size, batch, length):
    return rng.integers(0, vocab_size, size=(batch, length))


def _tied(test, net, when):
    test.probe("same_parameter", net, "embedding.weight", "head.weight", label=f"head.weight is embedding.weight {when}")
    test.probe("parameter_count", net, label=f"the parameter count {when}")


def _built(test, rng, vocab_size, d_model):
    test.seed(0)
    net = test.new("TiedLanguageModel", vocab_size, d_model)
    _tied(test, net, "after construction")
    test.get(net, "head.in_features", "head.out_features", "head.bias", label="after construction")
    test.method(net, "double", observe=False)
    test.method(net, "load_state_dict", _state(rng, vocab_size, d_model), observe=False, as_tensors=True)
    return net


def _train(test, net, rng, vocab_size, batch, length, steps, lr, weight_decay):
    for step in range(1, steps + 1):
        tokens, targets = _tokens(rng, vocab_size, batch, length), _tokens(rng, vocab_size, batch, length)
        test.probe("cross_entropy_step", net, tokens, targets, lr, weight_decay, label=f"loss of SGD step {step}")
    for name in ("embedding.weight", "head.weight", "hidden.weight", "hidden.bias"):
        test.method(net, "get_parameter", name, label=f"{name} after {steps} SGD steps")
    _tied(test, net, f"after {steps} SGD steps")


def _case(name, rng, vocab_size, d_model, batch, length, steps=2, lr=0.5, weight_decay=0.1, visible=False):
    test = Test(name, visible=visible)
    net = _built(test, rng, vocab_size, d_model)
    test.method(net, "forward", _tokens(rng, vocab_size, batch, length), label="forward(tokens) with the known weights", as_tensors=True)
    _train(test, net, rng, vocab_size, batch, length, steps, lr, weight_decay)
    test.method(net, "forward", _tokens(rng, vocab_size, batch, length), label="forward(tokens) after training", as_tensors=True)
    return test


def tests(rng):
    example = np.random.default_rng(0)
    visible = [_case("example: vocabulary 6, d_model 3, a batch of 2 sequences of 4, two SGD steps", example, 6, 3, 2, 4, visible=True)]
    hidden = [
        _case("vocabulary 20, d_model 8, batch 3 of length 5, three steps", rng, 20, 8, 3, 5, steps=3),
        _case("a square weight: vocabulary 6 = d_model 6", rng, 6, 6, 2, 4),
        _case("a vocabulary smaller than d_model (4 < 10)", rng, 4, 10, 2, 3),
        _case("a batch of one sequence of length 1", rng, 9, 5, 1, 1, steps=3),
        _case("no weight decay, lr 1.0", rng, 12, 4, 4, 6, lr=1.0, weight_decay=0.0),
    ]

    test = Test("repeated tokens: every position's gradient reaches the same embedding row, plus the head's")
    net = _built(test, rng, 8, 4)
    tokens = np.array([[3, 3, 3, 3, 1], [3, 1, 1, 3, 3]])
    test.method(net, "forward", tokens, label="forward(tokens)", as_tensors=True)
    test.probe("cross_entropy_step", net, tokens, np.array([[3, 1, 3, 5, 3], [1, 3, 3, 3, 0]]), 0.5, 0.1, label="loss of the SGD step")
    for name in ("embedding.weight", "hidden.weight", "hidden.bias"):
        test.method(net, "get_parameter", name, label=f"{name} after the SGD step")
    hidden.append(test)
    return visible + hidden
