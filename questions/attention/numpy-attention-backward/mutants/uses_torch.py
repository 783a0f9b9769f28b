import torch


def attention_backward(Q, K, V, dout, mask=None):
    q, k, v = (torch.tensor(a, requires_grad=True) for a in (Q, K, V))
    out = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=None if mask is None else torch.from_numpy(mask))
    out.backward(torch.from_numpy(dout))
    return q.grad.numpy(), k.grad.numpy(), v.grad.numpy()
