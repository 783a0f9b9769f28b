"""Tests for numpy-backprop: loss and gradients of ReLU MLPs of depth 1 to 4, batches, conventions, stability."""

import numpy as np

from quizzer.core.suite import Test

NAMES = ("loss", "dWs", "dbs")

# The visible examples: literal numbers, so the prompt can show them.
EXAMPLE = (
    np.array([[1.0, -2.0], [0.5, 1.5], [-1.0, 0.25]]),
    np.array([0, 2, 1]),
    [np.array([[0.5, -0.25, 1.0], [0.75, 0.5, -0.5]]), np.array([[1.0, -1.0, 0.5], [0.25, 0.5, -0.75], [-0.5, 1.0, 0.25]])],
    [np.array([[0.1, 0.2, -0.1]]), np.array([[0.0, 0.1, -0.1]])],
)
SOFTMAX_REGRESSION = (
    np.array([[1.0, 2.0, -1.0], [0.0, -1.0, 3.0]]),
    np.array([1, 0]),
    [np.array([[0.2, -0.3], [0.4, 0.1], [-0.5, 0.6]])],
    [np.array([[0.05, -0.05]])],
)


def _case(rng, sizes, m, scale=1.0):
    X = rng.standard_normal((m, sizes[0])) * scale
    y = rng.integers(0, sizes[-1], m)
    weights = [rng.standard_normal((a, b)) * scale / np.sqrt(a) for a, b in zip(sizes, sizes[1:])]
    biases = [rng.standard_normal((1, b)) * 0.1 * scale for b in sizes[1:]]
    return X, y, weights, biases


def _call(test, case, label="mlp_backward", **options):
    X, y, weights, biases = case
    return test.call("mlp_backward", X, y, weights, biases, label=label, names=NAMES, **options)


def _sizes(case):
    return "-".join(str(n) for n in [case[0].shape[1]] + [W.shape[1] for W in case[2]])


def _batch_is_mean_of_rows(observations):
    loss, dWs, dbs = observations[0]["result"]
    rows = [o["result"] for o in observations[1:]]
    if not np.isclose(loss, np.mean([r[0] for r in rows]), rtol=1e-9, atol=1e-12):
        return "the batch's loss is not the mean of its rows' losses"
    for index in range(len(dWs)):
        for name, got, position in (("dWs", dWs, 1), ("dbs", dbs, 2)):
            mean = np.mean([r[position][index] for r in rows], axis=0)
            if not np.allclose(got[index], mean, rtol=1e-9, atol=1e-12):
                return f"{name}[{index}] of the batch is not the mean of its rows' {name}[{index}] (is the gradient averaged over the m rows?)"
    return None


def _shift_invariant(observations):
    (loss_a, dWs_a, dbs_a), (loss_b, dWs_b, dbs_b) = (o["result"] for o in observations)
    same = np.isclose(loss_a, loss_b, rtol=1e-9, atol=1e-9)
    same = same and all(np.allclose(a, b, rtol=1e-7, atol=1e-9) for a, b in zip(list(dWs_a) + list(dbs_a), list(dWs_b) + list(dbs_b)))
    return None if same else "adding 1000 to every output logit changed the loss or the gradients (softmax ignores a constant shift: subtract the row max)"


def tests(rng):
    visible = [
        _call(Test("example: batch of 3, sizes 2-3-3", visible=True), EXAMPLE),
        _call(Test("example: one layer (softmax regression), batch of 2, sizes 3-2", visible=True), SOFTMAX_REGRESSION),
    ]

    hidden = []
    for sizes, m in [([4, 3], 1), ([3, 5, 2], 1), ([4, 6, 3], 7), ([5, 5, 5], 5), ([2, 8, 8, 4], 6), ([6, 3, 7, 2, 5], 9)]:
        case = _case(rng, sizes, m)
        hidden.append(_call(Test(f"batch of {m}, sizes {_sizes(case)}"), case))

    case = _case(rng, [3, 4, 4], 5)
    X, y, weights, biases = case
    X[2] = 0.0  # with zero first-layer biases, this row's pre-activations are exactly 0
    biases[0] = np.zeros_like(biases[0])
    hidden.append(_call(Test("pre-activations exactly 0: relu'(0) = 0"), case))

    case = _case(rng, [4, 6, 5], 6, scale=30.0)
    hidden.append(_call(Test("very large logits (thousands and more): stable softmax, finite loss and gradients"), case))

    case = _case(rng, [3, 5, 4], 4)
    X, y, weights, biases = case
    test = Test("softmax ignores a constant shift of the logits", check=_shift_invariant)
    _call(test, case, label="mlp_backward")
    _call(test, (X, y, weights, biases[:-1] + [biases[-1] + 1000.0]), label="mlp_backward with 1000 added to the last bias")
    hidden.append(test)

    m = 4
    case = _case(rng, [3, 6, 3], m)
    X, y, weights, biases = case
    test = Test(f"a batch of {m}: loss and gradients are the means of its rows'", compare=False, check=_batch_is_mean_of_rows)
    _call(test, case)
    for row in range(m):
        _call(test, (X[row : row + 1], y[row : row + 1], weights, biases), label=f"row {row}")
    hidden.append(test)
    return visible + hidden
