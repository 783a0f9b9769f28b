import torch
import torch.nn as nn
import torch.optim as optim
from torch.nn import functional as F


class ModernNeuralNetwork(nn.Module):
    """The interview notes' network, given (keep it as it is; see torch-modern-network)."""

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
        for layer, batch_norm in zip(self.layers, self.batch_norms):
            x = self.dropout(F.relu(batch_norm(layer(x))))
        return self.output_layer(x)


class TrainingManager:
    """Trains a model with cross-entropy, Adam (lr, L2 weight decay) and gradient-norm clipping at 1.0."""

    def __init__(self, model, learning_rate=0.001, weight_decay=1e-5):
        self.model = model
        # TODO: the criterion, the optimizer (and the interview notes' ReduceLROnPlateau scheduler)

    def train_step(self, data, target):
        """One update on one batch: data (m, input_size) float32, target (m,) int64 class indices.

        Put the model in train mode, compute the loss, backpropagate, clip the gradients' global
        norm to 1.0, step the optimizer. Return the batch's loss as a Python float.
        """
        # TODO
        raise NotImplementedError

    def train_epoch(self, dataloader):
        """train_step on every (data, target) in dataloader (any iterable with len); return the mean loss."""
        # TODO
        raise NotImplementedError
