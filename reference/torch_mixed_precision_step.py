"""Reference: one mixed-precision training step on the CPU, torch.autocast(float16) with a GradScaler."""

import torch
from torch import nn
from torch.nn import functional as F


class MLP(nn.Module):
    """The given classifier: Linear -> GELU -> Linear, float32 weights."""

    def __init__(self, in_features, hidden, classes):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        """Logits (n, classes) for x (n, in_features)."""
        return self.fc2(F.gelu(self.fc1(x)))


class MixedPrecisionTrainer:
    """SGD with momentum on float32 master weights; forward and loss under float16 autocast; dynamic loss scaling."""

    def __init__(self, model, lr=0.01, init_scale=65536.0, growth_interval=2000, max_norm=1.0):
        self.model = model
        self.max_norm = max_norm
        self.criterion = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        self.scaler = torch.amp.GradScaler("cpu", init_scale=init_scale, growth_interval=growth_interval)

    def train_step(self, data, target):
        """One step on a batch; returns the (unscaled) loss as a float. A step whose gradients overflow is skipped."""
        self.optimizer.zero_grad()
        with torch.autocast(device_type="cpu", dtype=torch.float16):
            loss = self.criterion(self.model(data), target)
        self.scaler.scale(loss).backward()  # float16 activations' gradients stay representable
        self.scaler.unscale_(self.optimizer)  # true gradients, before clipping looks at their norm
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), max_norm=self.max_norm)
        self.scaler.step(self.optimizer)  # skipped when an unscaled gradient is inf or NaN
        self.scaler.update()  # halve the scale after an overflow, double it after growth_interval clean steps
        return loss.item()
