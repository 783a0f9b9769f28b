import torch
import torch.nn as nn
import torch.optim as optim
from torch.nn import functional as F

class ModernNeuralNetwork(nn.Module):
    def __init__(self, input_size, hidden_sizes, output_size, dropout_rate=0.5):
        super(ModernNeuralNetwork, self).__init__()
        # Layer definitions
        self.layers = nn.ModuleList()

        # Input layer
        self.layers.append(nn.Linear(input_size, hidden_sizes[0]))
        self.batch_norms = nn.ModuleList([nn.BatchNorm1d(hidden_sizes[0])])

        # Hidden layers
        for i in range(len(hidden_sizes)-1):
            self.layers.append(nn.Linear(hidden_sizes[i], hidden_sizes[i+1]))
            self.batch_norms.append(nn.BatchNorm1d(hidden_sizes[i+1]))

        # Output layer
        self.output_layer = nn.Linear(hidden_sizes[-1], output_size)

        # Regularization
        self.dropout = nn.Dropout(dropout_rate)

        # Initialize weights
        self._initialize_weights()

    def _initialize_weights(self):
        for layer in self.layers:
            nn.init.kaiming_normal_(layer.weight)
            nn.init.zeros_(layer.bias)
        nn.init.kaiming_normal_(self.output_layer.weight)
        nn.init.zeros_(self.output_layer.bias)

    def forward(self, x):
        # Forward pass with modern practices
        for layer, batch_norm in zip(self.layers, self.batch_norms):
            x = layer(x)
            x = batch_norm(x)
            x = F.relu(x)
            x = self.dropout(x)
        return self.output_layer(x)
