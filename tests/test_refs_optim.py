"""The initialisation and optimisation references against torch, the oracle, in float64.

Initialisers: torch draws from its own generator, so values cannot match; what must match is the
distribution. Both sides are run with their draw recorded (a recording generator for the reference,
a recording `Tensor.uniform_`/`normal_` for torch): bounds and stds agree to rounding.
Optimisers and schedules: torch.optim step for step, tolerance 1e-12 absolute + 1e-10 relative.
"""

import math

import numpy as np
import pytest
import torch  # the test oracle: part of the test extra, so missing it is an error, never a skip

from quizzer import paths
from quizzer.core.judge import load_module
from quizzer.sandbox.interp import Interpreter
from quizzer.sandbox.protocol import Rng, roundtrip

pytestmark = pytest.mark.torch

RTOL, ATOL = 1e-10, 1e-12


def _reference(name):
    return load_module(paths.reference_dir() / f"{name}.py", f"test_refs_optim_{name}")


def _close(got, want):
    np.testing.assert_allclose(got, want.detach().numpy() if torch.is_tensor(want) else want, rtol=RTOL, atol=ATOL)


# ------------------------------------------------------------------ the Rng argument


def test_rng_travels_as_its_seed_and_both_sides_draw_the_same():
    """An Rng(seed) argument survives the wire and resolves to a fresh default_rng(seed) on each side."""
    assert roundtrip([Rng(5)]) == [Rng(5)]
    step = {"op": "call", "fn": "draw", "args": [roundtrip(Rng(5))], "kwargs": {}}
    namespace = {"draw": lambda rng: rng.standard_normal(4)}
    first, second = Interpreter(namespace).run(step), Interpreter(namespace).run(step)
    np.testing.assert_array_equal(first["result"], np.random.default_rng(5).standard_normal(4))
    np.testing.assert_array_equal(first["result"], second["result"])


# ------------------------------------------------------------------ weight init


class _Recorder:
    """Stands in for np.random.Generator: records the one draw an initialiser makes."""

    def __init__(self):
        self.calls = []

    def uniform(self, low, high, size):
        self.calls.append(("uniform", low, high, tuple(size)))
        return np.zeros(size)

    def normal(self, loc, scale, size):
        self.calls.append(("normal", loc, scale, tuple(size)))
        return np.zeros(size)


def _torch_draw(init, shape, monkeypatch, **kwargs):
    """The (kind, a, b, shape) that torch.nn.init's `init` asks its tensor to draw."""
    calls = []
    monkeypatch.setattr(torch.Tensor, "uniform_", lambda self, a, b, generator=None: calls.append(("uniform", a, b, tuple(self.shape))) or self)
    monkeypatch.setattr(torch.Tensor, "normal_", lambda self, m, s, generator=None: calls.append(("normal", m, s, tuple(self.shape))) or self)
    init(torch.empty(shape, dtype=torch.float64), **kwargs)
    monkeypatch.undo()
    assert len(calls) == 1
    return calls[0]


def _same_draw(ours, theirs):
    assert ours[0] == theirs[0] and ours[3] == theirs[3]
    assert ours[1] == pytest.approx(theirs[1], rel=1e-14, abs=1e-15)
    assert ours[2] == pytest.approx(theirs[2], rel=1e-14)


SHAPES = [(3, 5), (5, 3), (1, 1), (16, 8, 3, 3), (4, 6, 5), (6, 4, 1, 2, 3)]


@pytest.mark.parametrize("shape", SHAPES)
def test_fans_match_torch(shape):
    init = _reference("numpy_weight_init")
    assert init.fans(shape) == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("gain", [1.0, 5.0 / 3.0, math.sqrt(2.0)])
def test_xavier_draws_match_torch(shape, gain, monkeypatch):
    init = _reference("numpy_weight_init")
    for ours, theirs in [(init.xavier_uniform, torch.nn.init.xavier_uniform_), (init.xavier_normal, torch.nn.init.xavier_normal_)]:
        recorder = _Recorder()
        ours(shape, recorder, gain=gain)
        _same_draw(recorder.calls[0], _torch_draw(theirs, shape, monkeypatch, gain=gain))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"nonlinearity": "relu"}, {"mode": "fan_out", "nonlinearity": "relu"}, {"a": 0.2}, {"a": 0.2, "mode": "fan_out"}, {"nonlinearity": "linear"}],
)
def test_kaiming_draws_match_torch(shape, kwargs, monkeypatch):
    init = _reference("numpy_weight_init")
    for ours, theirs in [(init.kaiming_uniform, torch.nn.init.kaiming_uniform_), (init.kaiming_normal, torch.nn.init.kaiming_normal_)]:
        recorder = _Recorder()
        ours(shape, recorder, **kwargs)
        _same_draw(recorder.calls[0], _torch_draw(theirs, shape, monkeypatch, **kwargs))


def test_torch_draws_have_the_references_statistics():
    """Real draws: torch's kaiming_normal_ and the reference give the same std over 200k samples."""
    init = _reference("numpy_weight_init")
    shape = (400, 500)
    torch.manual_seed(0)
    theirs = torch.nn.init.kaiming_normal_(torch.empty(shape, dtype=torch.float64), nonlinearity="relu").numpy()
    ours = init.kaiming_normal(shape, np.random.default_rng(0), nonlinearity="relu")
    assert np.std(ours) == pytest.approx(np.std(theirs), rel=0.01)
    torch.manual_seed(1)
    theirs = torch.nn.init.xavier_uniform_(torch.empty(shape, dtype=torch.float64)).numpy()
    ours = init.xavier_uniform(shape, np.random.default_rng(1))
    assert np.max(np.abs(ours)) == pytest.approx(np.max(np.abs(theirs)), rel=1e-3)


# ------------------------------------------------------------------ optimisers, step for step


def _steps(rng, shapes, count, grad_scale=1.0, zero_grads_at=()):
    """(params, grads) for each step: fresh current values each time, as the suites pass them."""
    out = []
    for k in range(1, count + 1):
        params = [rng.standard_normal(s) for s in shapes]
        grads = [np.zeros(s) if k in zero_grads_at else rng.standard_normal(s) * grad_scale for s in shapes]
        out.append((params, grads))
    return out


def _torch_run(make_optimizer, steps, state_keys=()):
    """Run a torch optimiser over `steps`; after each step the params and the named per-parameter state."""
    shapes = [p.shape for p in steps[0][0]]
    tensors = [torch.zeros(s, dtype=torch.float64, requires_grad=True) for s in shapes]
    optimizer = make_optimizer(tensors)
    history = []
    for params, grads in steps:
        with torch.no_grad():
            for tensor, p, g in zip(tensors, params, grads):
                tensor.copy_(torch.from_numpy(p))
                tensor.grad = torch.from_numpy(g.copy())
        optimizer.step()
        state = {key: [optimizer.state[t][key].detach().numpy().copy() for t in tensors] for key in state_keys}
        history.append(([t.detach().numpy().copy() for t in tensors], state))
    return history


SGD_CASES = [
    {"lr": 0.1},
    {"lr": 0.05, "weight_decay": 0.1},
    {"lr": 0.1, "momentum": 0.9},
    {"lr": 0.1, "momentum": 0.9, "dampening": 0.5},
    {"lr": 0.2, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.05},
    {"lr": 0.03, "momentum": 0.9, "nesterov": True},
    {"lr": 0.1, "momentum": 0.7, "weight_decay": 0.1, "nesterov": True},
]


@pytest.mark.parametrize("hyper", SGD_CASES)
@pytest.mark.parametrize("zero_grads_at", [(), (2, 3)])
def test_sgd_matches_torch_step_for_step(hyper, zero_grads_at):
    reference = _reference("numpy_sgd_momentum")
    steps = _steps(np.random.default_rng(len(str(hyper))), [(3, 4), (4,), (2, 3, 2)], 4, zero_grads_at=zero_grads_at)
    momentum = hyper.get("momentum", 0) != 0
    expected = _torch_run(lambda ts: torch.optim.SGD(ts, **hyper), steps, ("momentum_buffer",) if momentum else ())
    optimizer = reference.SGD(**hyper)
    for (params, grads), (torch_params, state) in zip(steps, expected):
        optimizer.step(params, grads)
        for got, want in zip(params, torch_params):
            _close(got, want)
        if momentum:
            for got, want in zip(optimizer.buffers, state["momentum_buffer"]):
                _close(got, want)


ADAM_CASES = [
    {"lr": 0.1},
    {},
    {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6},
    {"lr": 0.01, "weight_decay": 0.05},
]


@pytest.mark.parametrize("hyper", ADAM_CASES)
@pytest.mark.parametrize(("grad_scale", "zero_grads_at"), [(1.0, ()), (1e-7, ()), (1e6, ()), (1.0, (1,)), (1.0, (3, 4))])
def test_adam_matches_torch_step_for_step(hyper, grad_scale, zero_grads_at):
    reference = _reference("numpy_adam")
    steps = _steps(np.random.default_rng(len(str(hyper))), [(3, 4), (4,), (2, 3, 2)], 6, grad_scale, zero_grads_at)
    expected = _torch_run(lambda ts: torch.optim.Adam(ts, **hyper), steps, ("exp_avg", "exp_avg_sq", "step"))
    optimizer = reference.Adam(**hyper)
    for (params, grads), (torch_params, state) in zip(steps, expected):
        optimizer.step(params, grads)
        for got, want in zip(params, torch_params):
            _close(got, want)
        for got_m, got_v, want_m, want_v in zip(optimizer.m, optimizer.v, state["exp_avg"], state["exp_avg_sq"]):
            _close(got_m, want_m)
            _close(got_v, want_v)
        assert optimizer.t == int(state["step"][0])


ADAMW_CASES = [{}, {"lr": 0.1}, {"lr": 0.01, "weight_decay": 0.0}, {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.5}, {"lr": 0.1, "weight_decay": 2.0}]


@pytest.mark.parametrize("hyper", ADAMW_CASES)
@pytest.mark.parametrize(("grad_scale", "zero_grads_at"), [(1.0, ()), (1e-7, ()), (1e6, ()), (1.0, (1, 2)), (1.0, (3, 4))])
def test_adamw_matches_torch_step_for_step(hyper, grad_scale, zero_grads_at):
    reference = _reference("numpy_adamw")
    steps = _steps(np.random.default_rng(len(str(hyper))), [(3, 4), (4,), (2, 3, 2)], 6, grad_scale, zero_grads_at)
    expected = _torch_run(lambda ts: torch.optim.AdamW(ts, **hyper), steps, ("exp_avg", "exp_avg_sq", "step"))
    optimizer = reference.AdamW(**hyper)
    for (params, grads), (torch_params, state) in zip(steps, expected):
        optimizer.step(params, grads)
        for got, want in zip(params, torch_params):
            _close(got, want)
        for got_m, got_v, want_m, want_v in zip(optimizer.m, optimizer.v, state["exp_avg"], state["exp_avg_sq"]):
            _close(got_m, want_m)
            _close(got_v, want_v)
        assert optimizer.t == int(state["step"][0])


def test_adamw_default_weight_decay_is_torchs():
    import inspect

    reference = _reference("numpy_adamw")
    default = inspect.signature(torch.optim.AdamW).parameters["weight_decay"].default
    assert inspect.signature(reference.AdamW).parameters["weight_decay"].default == default


RMSPROP_CASES = [
    {},
    {"lr": 0.05, "alpha": 0.9, "eps": 1e-6},
    {"lr": 0.001, "momentum": 0.9},
    {"lr": 0.01, "centered": True},
    {"lr": 0.01, "alpha": 0.9, "momentum": 0.9, "centered": True},
    {"lr": 0.01, "weight_decay": 0.05, "momentum": 0.9},
]


@pytest.mark.parametrize("hyper", RMSPROP_CASES)
@pytest.mark.parametrize(("grad_scale", "zero_grads_at"), [(1.0, ()), (1e-7, ()), (1e6, ()), (1.0, (1,)), (1.0, (3, 4))])
def test_rmsprop_matches_torch_step_for_step(hyper, grad_scale, zero_grads_at):
    reference = _reference("numpy_rmsprop")
    keys = ["square_avg"] + (["momentum_buffer"] if hyper.get("momentum") else []) + (["grad_avg"] if hyper.get("centered") else [])
    steps = _steps(np.random.default_rng(len(str(hyper))), [(3, 4), (4,), (2, 3, 2)], 6, grad_scale, zero_grads_at)
    expected = _torch_run(lambda ts: torch.optim.RMSprop(ts, **hyper), steps, keys)
    optimizer = reference.RMSprop(**hyper)
    for (params, grads), (torch_params, state) in zip(steps, expected):
        optimizer.step(params, grads)
        for got, want in zip(params, torch_params):
            _close(got, want)
        for key in keys:
            for got, want in zip(getattr(optimizer, key), state[key]):
                _close(got, want)


# ------------------------------------------------------------------ gradient clipping


def _clip_cases():
    rng = np.random.default_rng(3)
    shapes = [(3, 4), (5,), (1, 1), (2, 3, 2)]
    return [
        ([rng.standard_normal(s) for s in shapes], 1.0, 2.0),
        ([rng.standard_normal(s) for s in shapes], 100.0, 2.0),
        ([rng.standard_normal((10, 10)) * 5, rng.standard_normal(3) * 0.01], 2.0, 2.0),
        ([np.array([3.0]), np.array([[4.0]])], 5.0, 2.0),
        ([np.array([3.0, 0.0]), np.array([4.0])], 5.01, 2.0),
        ([rng.standard_normal(s) for s in shapes], 2.0, 1.0),
        ([rng.standard_normal(s) for s in shapes], 1.0, 3.0),
        ([rng.standard_normal(s) for s in shapes], 0.5, float("inf")),
        ([np.zeros(s) for s in shapes], 1.0, 2.0),
        ([rng.standard_normal(s) * 1e100 for s in shapes], 1.0, 2.0),
        ([rng.standard_normal(s) * 1e-100 for s in shapes], 1.0, 2.0),
    ]


@pytest.mark.parametrize("case", range(len(_clip_cases())))
def test_clip_grad_norm_matches_torch(case):
    reference = _reference("numpy_clip_grad_norm")
    grads, max_norm, norm_type = _clip_cases()[case]
    tensors = []
    for g in grads:
        t = torch.zeros(g.shape, dtype=torch.float64, requires_grad=True)
        t.grad = torch.from_numpy(g.copy())
        tensors.append(t)
    want = torch.nn.utils.clip_grad_norm_(tensors, max_norm, norm_type=norm_type)
    got = reference.clip_grad_norm_(grads, max_norm, norm_type)
    assert type(got) is float
    assert got == pytest.approx(want.item(), rel=RTOL, abs=ATOL)
    for g, t in zip(grads, tensors):
        _close(g, t.grad)


# ------------------------------------------------------------------ learning-rate schedules


def _torch_lrs(make_scheduler, epochs, base_lr=0.3):
    """The learning rate torch's scheduler gives at epochs 0..epochs-1."""
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=base_lr)
    scheduler = make_scheduler(optimizer)
    lrs = [optimizer.param_groups[0]["lr"]]
    for _ in range(epochs - 1):
        optimizer.step()
        scheduler.step()
        lrs.append(optimizer.param_groups[0]["lr"])
    return lrs


@pytest.mark.parametrize(("step_size", "gamma"), [(5, 0.1), (1, 0.9), (7, 0.5), (3, 0.5)])
def test_step_lr_matches_torch(step_size, gamma):
    reference = _reference("numpy_lr_schedules")
    want = _torch_lrs(lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size, gamma), 30)
    _close([reference.step_lr(0.3, epoch, step_size, gamma) for epoch in range(30)], want)


@pytest.mark.parametrize(("T_max", "eta_min"), [(5, 0.0), (50, 1e-3), (1, 0.0), (10, 0.05)])
def test_cosine_annealing_matches_torch_recursive_and_closed_form(T_max, eta_min):
    reference = _reference("numpy_lr_schedules")
    epochs = 2 * T_max + 2  # past T_max, where the cosine rises again
    got = [reference.cosine_annealing_lr(0.3, epoch, T_max, eta_min) for epoch in range(epochs)]
    want = _torch_lrs(lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max, eta_min), epochs)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    param = torch.zeros(1, requires_grad=True)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(torch.optim.SGD([param], lr=0.3), T_max, eta_min)
    for epoch in range(epochs):
        scheduler.last_epoch = epoch
        assert got[epoch] == pytest.approx(scheduler._get_closed_form_lr()[0], rel=1e-15, abs=1e-17)


PLATEAU_CASES = [
    ([1.0, 0.9, 0.9, 0.9, 0.9, 0.85, 0.85, 0.85, 0.85], {"patience": 2}),
    (list(0.9 ** np.arange(15)), {"patience": 2}),
    ([1.0, 1.0, 0.5, 0.6, 0.4, 0.4, 0.4], {"patience": 0}),
    (list((1 - 5e-5) ** np.arange(12)), {"patience": 3}),
    (list((1 - 2e-4) ** np.arange(12)), {"patience": 3}),
    (list(1 + np.array([0.0, -0.04, -0.08, -0.1, -0.2, -0.22, -0.24, -0.26, -0.27])), {"patience": 1, "threshold": 0.05, "threshold_mode": "abs"}),
    ([0.5, 0.6, 0.7, 0.7, 0.69, 0.7, 0.71, 0.7, 0.7, 0.7], {"mode": "max", "patience": 2}),
    ([0.5, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7], {"mode": "max", "patience": 1, "threshold": 0.05, "threshold_mode": "abs"}),
    ([1.0] * 12, {"patience": 1, "cooldown": 2}),
    ([1.0, 1.0, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8], {"patience": 2, "cooldown": 3, "factor": 0.5}),
    ([1.0] * 10, {"patience": 0, "factor": 0.5, "min_lr": 0.02}),
    ([-1.0, -1.00005, -1.0002, -1.0002, -1.0002, -1.0003], {"patience": 1}),
    ([5, 4, 3, 3, 3, 3, 3, 2.9, 2.8, 2.8, 2.8, 2.8, 2.8, 2.8], {"patience": 3, "factor": 0.5}),
]


@pytest.mark.parametrize(("metrics", "hyper"), PLATEAU_CASES)
@pytest.mark.parametrize("base_lr", [0.1, 1.5e-8])
def test_reduce_on_plateau_matches_torch_epoch_for_epoch(metrics, hyper, base_lr):
    """The rate after every epoch, and the counters, as torch's ReduceLROnPlateau (1.5e-8: eps skips cuts)."""
    reference = _reference("numpy_lr_schedules")
    ours = reference.ReduceLROnPlateau(base_lr, **hyper)
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=base_lr)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, **hyper)
    for metric in metrics:
        got = ours.step(float(metric))
        theirs.step(float(metric))
        assert got == optimizer.param_groups[0]["lr"] == ours.lr
        assert (ours.best, ours.num_bad_epochs, ours.cooldown_counter) == (theirs.best, theirs.num_bad_epochs, theirs.cooldown_counter)


# ------------------------------------------------------------------ other correct answers are accepted

# Correct solutions written differently from the references (state updated in place, other spellings):
# the judge must accept them, so the suites test the maths and not one way of writing it.
ACCEPTED = {
    "numpy-weight-init": '''
import numpy as np

def fans(shape):
    receptive = int(np.prod(shape[2:]))
    return shape[1] * receptive, shape[0] * receptive

def _std(shape, a, mode, nonlinearity):
    gain = np.sqrt(2.0) if nonlinearity == "relu" else np.sqrt(2.0 / (1 + a**2)) if nonlinearity == "leaky_relu" else 1.0
    return gain / np.sqrt(fans(shape)[0 if mode == "fan_in" else 1])

def xavier_uniform(shape, rng, gain=1.0):
    bound = np.sqrt(3.0) * gain * np.sqrt(2.0 / sum(fans(shape)))
    return rng.uniform(low=-bound, high=bound, size=shape)

def xavier_normal(shape, rng, gain=1.0):
    return rng.normal(loc=0.0, scale=gain * np.sqrt(2.0 / sum(fans(shape))), size=shape)

def kaiming_uniform(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    bound = np.sqrt(3.0) * _std(shape, a, mode, nonlinearity)
    return rng.uniform(-bound, bound, shape)

def kaiming_normal(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    return rng.normal(0.0, _std(shape, a, mode, nonlinearity), shape)
''',
    "numpy-sgd-momentum": '''
import numpy as np

class SGD:
    def __init__(self, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        self.lr, self.mu, self.tau, self.wd, self.nesterov = lr, momentum, dampening, weight_decay, nesterov
        self.buffers = []

    def step(self, params, grads):
        for i, (p, g) in enumerate(zip(params, grads)):
            d = g + self.wd * p
            if self.mu:
                if len(self.buffers) <= i:
                    self.buffers.append(d.copy())
                else:
                    self.buffers[i] *= self.mu          # in place: the judge must see each value when read
                    self.buffers[i] += (1 - self.tau) * d
                d = d + self.mu * self.buffers[i] if self.nesterov else self.buffers[i]
            p -= self.lr * d
''',
    "numpy-adam": '''
import numpy as np

class Adam:
    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        self.lr, (self.b1, self.b2), self.eps, self.wd = lr, betas, eps, weight_decay
        self.t, self.m, self.v = 0, [], []

    def step(self, params, grads):
        self.t += 1
        if not self.m:
            self.m = [np.zeros(p.shape) for p in params]
            self.v = [np.zeros(p.shape) for p in params]
        for p, g, m, v in zip(params, grads, self.m, self.v):
            g = g + self.wd * p
            m *= self.b1; m += (1 - self.b1) * g           # moments updated in place
            v *= self.b2; v += (1 - self.b2) * np.square(g)
            p -= self.lr * (m / (1 - self.b1 ** self.t)) / (np.sqrt(v / (1 - self.b2 ** self.t)) + self.eps)
''',
    "numpy-adamw": '''
import math
import numpy as np

class AdamW:
    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.lr, self.betas, self.eps, self.wd = lr, betas, eps, weight_decay
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        b1, b2 = self.betas
        self.t += 1
        if self.m is None:
            self.m, self.v = [0 * p for p in params], [0 * p for p in params]
        for i, (p, g) in enumerate(zip(params, grads)):
            self.m[i] = b1 * self.m[i] + (1 - b1) * g
            self.v[i] = b2 * self.v[i] + (1 - b2) * g * g
            step_size = self.lr * math.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
            direction = self.m[i] / (np.sqrt(self.v[i]) + self.eps * math.sqrt(1 - b2 ** self.t))
            p -= step_size * direction + self.lr * self.wd * p   # decay of the old p, written as one update
''',
    "numpy-rmsprop": '''
import numpy as np

class RMSprop:
    def __init__(self, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
        self.__dict__.update(lr=lr, alpha=alpha, eps=eps, wd=weight_decay, mu=momentum, centered=centered)
        self.square_avg, self.grad_avg, self.momentum_buffer = [], [], []

    def step(self, params, grads):
        for i, (p, g) in enumerate(zip(params, grads)):
            if len(self.square_avg) <= i:
                self.square_avg.append(np.zeros_like(p))
                self.grad_avg.append(np.zeros_like(p))
                self.momentum_buffer.append(np.zeros_like(p))
            if self.wd:
                g = g + self.wd * p
            s, ga, b = self.square_avg[i], self.grad_avg[i], self.momentum_buffer[i]
            s += (1 - self.alpha) * (g * g - s)           # in place, EMA written as a lerp
            if self.centered:
                ga += (1 - self.alpha) * (g - ga)
                a = np.sqrt(s - ga * ga) + self.eps
            else:
                a = np.sqrt(s) + self.eps
            if self.mu > 0:
                b *= self.mu
                b += g / a
                p -= self.lr * b
            else:
                p -= self.lr * g / a
''',
    "numpy-clip-grad-norm": '''
import numpy as np

def clip_grad_norm_(grads, max_norm, norm_type=2.0):
    flat = np.concatenate([np.ravel(g) for g in grads])
    total = np.linalg.norm(flat, ord=norm_type)
    coef = min(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        g[...] = g * coef
    return total
''',
    "numpy-lr-schedules": '''
import numpy as np

def step_lr(base_lr, epoch, step_size, gamma=0.1):
    return base_lr * gamma ** np.floor(epoch / step_size)

def cosine_annealing_lr(base_lr, epoch, T_max, eta_min=0.0):
    return eta_min + 0.5 * (base_lr - eta_min) * (1 + np.cos(np.pi * epoch / T_max))

class ReduceLROnPlateau:
    def __init__(self, lr, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8):
        self.lr, self.mode, self.factor, self.patience = lr, mode, factor, patience
        self.threshold, self.threshold_mode, self.cooldown, self.min_lr, self.eps = threshold, threshold_mode, cooldown, min_lr, eps
        self.best = np.inf if mode == "min" else -np.inf
        self.num_bad_epochs = self.cooldown_counter = 0

    def step(self, metric):
        sign = 1 if self.mode == "min" else -1
        if self.threshold_mode == "rel":
            target = self.best * (1 - sign * self.threshold)
        else:
            target = self.best - sign * self.threshold
        improved = metric < target if self.mode == "min" else metric > target
        self.best, self.num_bad_epochs = (metric, 0) if improved else (self.best, self.num_bad_epochs + 1)
        if self.cooldown_counter:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            if self.lr - max(self.lr * self.factor, self.min_lr) > self.eps:
                self.lr = max(self.lr * self.factor, self.min_lr)
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0
        return self.lr
''',
}


@pytest.mark.parametrize("question_id", sorted(ACCEPTED))
@pytest.mark.parametrize("seed", [0, 5])
def test_other_correct_solutions_are_accepted(question_id, seed):
    from quizzer.core.bank import load_bank
    from quizzer.core.judge import judge

    result = judge(load_bank().get(question_id), ACCEPTED[question_id].encode(), seed=seed)
    assert result.verdict.value == "accepted", result.message
