import torch


class LogSumExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        top = x.amax(dim=dim, keepdim=True)
        out = (x - top).exp().sum(dim=dim, keepdim=True).log() + top
        ctx.save_for_backward(x)
        ctx.dim = dim
        return out.squeeze(dim)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        e = x.exp()
        return grad_output.unsqueeze(ctx.dim) * e / e.sum(dim=ctx.dim, keepdim=True), None
