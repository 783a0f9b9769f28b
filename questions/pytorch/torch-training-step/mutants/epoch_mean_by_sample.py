"""Reference: the interview notes' TrainingManager, with its loop body as train_step, and their network (torch)."""

import torch
import torch.nn as nn
import torch.optim as optim
from torch.nn import functional as F


class ModernNeuralNetwork(nn.Module):
    """The notes' MLP: Linear -> BatchNorm1d -> ReLU -> Dropout per hidden layer, Kaiming normal init."""

    def __init__(self, input_size, hidden_sizes, output_size, dropout_rate=0.5):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(input_size, hidden_sizes[0])])
        self.batch_norms = nn.ModuleList([nn.BatchNorm1d(hidden_sizes[0])])
        for size_in, size_out in zip(hidden_sizes[:-1], hidden_sizes[1:]):
            self.layers.append(nn.Linear(size_in, size_out))
            self.batch_norms.append(nn.BatchNorm1d(size_out))
        self.output_layer = nn.Linear(hidden_sizes[-1], output_size)
        self.dropout = nn.Dropout(dropout_rate)
        for layer in [*self.layers, self.output_layer]:
            nn.init.kaiming_normal_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, x):
        """Logits (m, output_size) for x (m, input_size)."""
        for layer, batch_norm in zip(self.layers, self.batch_norms):
            x = self.dropout(F.relu(batch_norm(layer(x))))
        return self.output_layer(x)


class TrainingManager:
    """Cross-entropy, Adam with (L2) weight decay, gradient-norm clipping at 1.0, as the notes set them up."""

    def __init__(self, model, learning_rate=0.001, weight_decay=1e-5):
        self.model = model
        self.criterion = nn.CrossEntropyLoss()
        self.optimizer = optim.Adam(model.parameters(), lr=learning_rate, weight_decay=weight_decay)
        self.scheduler = optim.lr_scheduler.ReduceLROnPlateau(self.optimizer, mode="min", patience=5, factor=0.5)

    def train_step(self, data, target):
        """One update on a batch; returns the batch's loss (a Python float) before the update."""
        self.model.train()
        self.optimizer.zero_grad()
        loss = self.criterion(self.model(data), target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), max_norm=1.0)
        self.optimizer.step()
        return loss.item()

    def train_epoch(self, dataloader):
        """train_step on every (data, target) batch; returns the mean of the batch losses."""
        total_loss, samples = 0.0, 0
        for data, target in dataloader:
            total_loss += self.train_step(data, target) * len(data)  # the mean over samples, not over batches
            samples += len(data)
        return total_loss / samples
