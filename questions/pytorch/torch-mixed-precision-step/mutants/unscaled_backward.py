import torch
from torch import nn
from torch.nn import functional as F


class MLP(nn.Module):
    """Given: Linear -> GELU -> Linear, float32 (keep it as it is)."""

    def __init__(self, in_features, hidden, classes):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class MixedPrecisionTrainer:
    def __init__(self, model, lr=0.01, init_scale=65536.0, growth_interval=2000, max_norm=1.0):
        self.model = model
        self.max_norm = max_norm
        self.criterion = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        self.scaler = torch.amp.GradScaler("cpu", init_scale=init_scale, growth_interval=growth_interval)

    def train_step(self, data, target):
        self.optimizer.zero_grad()
        with torch.autocast(device_type="cpu", dtype=torch.float16):
            output = self.model(data)
            loss = self.criterion(output, target)
        loss.backward()
        self.scaler.unscale_(self.optimizer)
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.max_norm)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        return loss.item()
