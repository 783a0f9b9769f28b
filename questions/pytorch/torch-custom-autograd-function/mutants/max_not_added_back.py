import torch


class LogSumExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim):
        shifted = x - x.amax(dim=dim, keepdim=True)
        ctx.save_for_backward(shifted)
        ctx.dim = dim
        return shifted.exp().sum(dim=dim).log()

    @staticmethod
    def backward(ctx, grad_output):
        (shifted,) = ctx.saved_tensors
        return grad_output.unsqueeze(ctx.dim) * torch.softmax(shifted, dim=ctx.dim), None
