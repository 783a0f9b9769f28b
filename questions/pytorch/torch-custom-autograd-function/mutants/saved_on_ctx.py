import torch


class LogSumExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        top = x.amax(dim=dim, keepdim=True)
        out = (x - top).exp().sum(dim=dim, keepdim=True).log() + top
        ctx.x, ctx.out, ctx.dim = x, out, dim  # kept as attributes, not with save_for_backward
        return out.squeeze(dim)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.unsqueeze(ctx.dim) * (ctx.x - ctx.out).exp(), None
