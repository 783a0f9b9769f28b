import numpy as np


def smoothed_cross_entropy(logits, labels, label_smoothing=0.0, ignore_index=-100):
    """Cross-entropy with label smoothing, as torch.nn.functional.cross_entropy (mean reduction).

    logits: float64 (N, K); labels: int64 (N,), in [0, K) or ignore_index.
    Target q = (1 - eps) * onehot + eps / K over all K classes. Rows labelled ignore_index are left
    out (mean over the kept rows; zero gradient); with every row ignored: loss nan, zero gradient.
    Returns (loss as a float, dlogits float64 (N, K)). Do not modify the inputs.
    """
    # TODO: stable log-softmax, the smoothed target q, the mean over kept rows, softmax - q
    raise NotImplementedError
