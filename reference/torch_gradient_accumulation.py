"""Reference: one optimizer step from gradients accumulated over micro-batches, equal to one full-batch step."""

import torch
from torch import nn


class SmallNet(nn.Module):
    """The given classifier: Linear -> tanh -> Linear (no batch norm or dropout, so micro-batches add up exactly)."""

    def __init__(self, in_features, hidden, classes):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        """Logits (n, classes) for x (n, in_features)."""
        return self.fc2(torch.tanh(self.fc1(x)))


class AccumulatingTrainer:
    """SGD on mean cross-entropy, one step per call from gradients accumulated over the call's micro-batches."""

    def __init__(self, model, lr=0.1, momentum=0.9, weight_decay=0.0):
        self.model = model
        self.criterion = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)

    def step(self, micro_batches):
        """One update from every (data, target) micro-batch; returns the mean loss over all their samples.

        Each micro-batch's mean loss is weighted by its share of the samples, n_i / N: the
        accumulated gradient is then the gradient of the full batch's mean loss, whatever the sizes.
        """
        total = sum(len(target) for _, target in micro_batches)
        loss_sum = 0.0
        for data, target in micro_batches:
            loss = self.criterion(self.model(data), target)
            (loss * (len(target) / total)).backward()  # .grad adds up across backward calls
            loss_sum += loss.item() * len(target)
        self.optimizer.step()
        self.optimizer.zero_grad()
        return loss_sum / total
