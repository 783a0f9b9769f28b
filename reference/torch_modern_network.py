"""Reference: the seed's ModernNeuralNetwork (Linear -> BatchNorm1d -> ReLU -> Dropout per hidden layer, Kaiming init)."""

import torch.nn as nn
from torch.nn import functional as F


class ModernNeuralNetwork(nn.Module):
    """An MLP with batch norm and dropout after every hidden layer, as the seed writes it."""

    def __init__(self, input_size, hidden_sizes, output_size, dropout_rate=0.5):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(input_size, hidden_sizes[0])])
        self.batch_norms = nn.ModuleList([nn.BatchNorm1d(hidden_sizes[0])])
        for size_in, size_out in zip(hidden_sizes[:-1], hidden_sizes[1:]):
            self.layers.append(nn.Linear(size_in, size_out))
            self.batch_norms.append(nn.BatchNorm1d(size_out))
        self.output_layer = nn.Linear(hidden_sizes[-1], output_size)
        self.dropout = nn.Dropout(dropout_rate)
        self._initialize_weights()

    def _initialize_weights(self):
        # He/Kaiming normal (fan_in, gain sqrt(2)) suits ReLU; biases start at zero.
        for layer in [*self.layers, self.output_layer]:
            nn.init.kaiming_normal_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, x):
        """Logits (m, output_size) for x (m, input_size); dropout and batch statistics only in train mode."""
        for layer, batch_norm in zip(self.layers, self.batch_norms):
            x = self.dropout(F.relu(batch_norm(layer(x))))
        return self.output_layer(x)
