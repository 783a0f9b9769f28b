"""Reference: a numerically stable log-sum-exp as a custom torch.autograd.Function."""

import torch


class LogSumExp(torch.autograd.Function):
    """log(sum(exp(x))) along `dim` (the dimension dropped), shifted by each slice's max; backward is softmax * grad."""

    @staticmethod
    def forward(ctx, x, dim):
        """The log-sum-exp of x along dim, as torch.logsumexp(x, dim)."""
        top = x.amax(dim=dim, keepdim=True)
        out = (x - top).exp().sum(dim=dim, keepdim=True).log() + top
        ctx.save_for_backward(x, out)
        ctx.dim = dim
        return out.squeeze(dim)

    @staticmethod
    def backward(ctx, grad_output):
        """d out / d x = softmax(x) along dim, times the incoming gradient spread back over dim; no gradient for dim."""
        x, out = ctx.saved_tensors
        return grad_output.unsqueeze(ctx.dim) * (x - out).exp(), None
