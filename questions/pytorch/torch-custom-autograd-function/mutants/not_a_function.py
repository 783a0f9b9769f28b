import torch


class LogSumExp:
    """Autograd differentiates torch.logsumexp by itself: no custom backward."""

    @staticmethod
    def apply(x, dim):
        return torch.logsumexp(x, dim)

    @staticmethod
    def forward(ctx, x, dim):
        return torch.logsumexp(x, dim)

    @staticmethod
    def backward(ctx, grad_output):
        raise NotImplementedError
