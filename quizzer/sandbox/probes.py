"""Trusted probes: what the judge asks of a PyTorch question's objects beyond the calls it names.

Some promises are no call's result: how many numbers a module trains, whether two of its names
hold the very same Parameter, the gradients an autograd Function gives through `.apply`, where
the gradients stand after a training step. A probe is trusted code that the interpreter runs in
place of a submission's function (a suite's `Test.probe(name, ...)`), on each side the same way,
on that side's objects; what it returns is observed and compared like any call's result.

Every probe takes `lookup(name)` first, the side's way to find a name the question defines (the
Function class an `autograd` probe runs, e.g. `"LogSumExp"`), then the step's arguments: NumPy
arrays stay arrays (a probe makes the tensors it needs; those it hands to the submission share
the arrays' memory, so the judge's check that arguments come back unchanged sees through them),
objects made by the test's `new` steps arrive as themselves.

Imports nothing of quizzer: the sandboxed child uses it. torch is imported when a probe runs:
only torch questions use them, and there torch is loaded before the child starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def parameter_count(lookup: Callable[[str], Any], module) -> int:
    """The numbers `module.parameters()` yields, as an optimizer sees them: a shared Parameter once."""
    return sum(p.numel() for p in module.parameters())


def same_parameter(lookup: Callable[[str], Any], module, first: str, second: str) -> bool:
    """Whether the dotted names `first` and `second` hold one Parameter object (tied weights), not two equal ones."""
    return module.get_parameter(first) is module.get_parameter(second)


def gradients(lookup: Callable[[str], Any], module) -> dict:
    """Each parameter's `.grad` by name (`named_parameters`, a shared Parameter once); zeros where it is None.

    None and zeros mean the same to what comes next (`zero_grad(set_to_none=...)` either way), so
    they are observed alike.
    """
    import torch

    return {name: torch.zeros_like(p) if p.grad is None else p.grad.detach().clone() for name, p in module.named_parameters()}


def autograd(lookup: Callable[[str], Any], function: str, inputs: list, args: tuple = (), grad_output=None) -> tuple:
    """Run the Function class `function` through autograd: `(output, grads, by_function, saves_tensors)`.

    Each array of `inputs` becomes a leaf tensor that requires grad (its dtype and memory kept);
    `output = function.apply(*leaves, *args)`, then `output.backward(grad_output)` (a tensor of
    ones when `grad_output` is None). `grads` holds each leaf's `.grad` (None where autograd gave
    none). `by_function` says whether the output's node is the class's own backward (not plain
    autograd of torch ops) and `saves_tensors` whether its forward kept tensors through
    `ctx.save_for_backward` (read before backward frees them).
    """
    import torch

    cls = lookup(function)
    leaves = [torch.from_numpy(x).requires_grad_() for x in inputs]
    output = cls.apply(*leaves, *args)
    node = output.grad_fn
    by_function = node is not None and getattr(node, "_forward_cls", None) is cls
    saves_tensors = by_function and len(node.saved_tensors) > 0
    gradient = torch.ones_like(output) if grad_output is None else torch.tensor(grad_output, dtype=output.dtype)
    output.backward(gradient)
    grads = tuple(None if leaf.grad is None else leaf.grad.detach().clone() for leaf in leaves)
    return output.detach().clone(), grads, by_function, saves_tensors


def cross_entropy_step(lookup: Callable[[str], Any], module, inputs, targets, lr: float, weight_decay: float = 0.0) -> float:
    """One `torch.optim.SGD(module.parameters(), lr, weight_decay=...)` step on mean cross-entropy; the loss before it.

    `module(inputs)` gives logits `(..., classes)` and `targets` the class indices `(...)`; both are
    flattened to one batch. The gradients are cleared first, so earlier steps leave nothing behind.
    """
    import torch
    from torch.nn import functional as F

    optimizer = torch.optim.SGD(module.parameters(), lr=lr, weight_decay=weight_decay)
    optimizer.zero_grad()
    logits = module(torch.tensor(inputs))
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), torch.tensor(targets).reshape(-1))
    loss.backward()
    optimizer.step()
    return loss.item()


REGISTRY: dict[str, Callable[..., Any]] = {
    "parameter_count": parameter_count,
    "same_parameter": same_parameter,
    "gradients": gradients,
    "autograd": autograd,
    "cross_entropy_step": cross_entropy_step,
}
