import torch


class LogSumExp(torch.autograd.Function):
    """log(sum(exp(x))) along dim, numerically stable, with its own backward."""

    @staticmethod
    def forward(ctx, x, dim):
        """x: a float64 tensor; dim: an int (may be negative). Return torch.logsumexp(x, dim)."""
        # TODO: shift by each slice's max; save what backward needs with ctx.save_for_backward
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad_output):
        """grad_output has the output's shape. Return one gradient per forward input (x, dim)."""
        # TODO
        raise NotImplementedError
