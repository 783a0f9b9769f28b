import numpy as np


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_backward(dy, x, W, stride=1, padding=0):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    N, C, H, Wd = x.shape
    F, _, kh, kw = W.shape
    _, _, Ho, Wo = dy.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp = np.zeros_like(xp)
    dW = np.zeros_like(W)
    for i in range(Ho):
        for j in range(Wo):
            g = dy[:, :, i, j]
            patch = xp[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            dW += np.tensordot(g, patch, axes=([0], [0]))
            dxp[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += np.tensordot(g, W[:, :, ::-1, ::-1], axes=([1], [0]))
    # the input gradient is a convolution with the kernel rotated by 180 degrees
    dx = dxp[:, :, ph : ph + H, pw : pw + Wd]
    db = dy.sum(axis=(0, 2, 3))
    return dx, dW, db
