import torch
import torch.nn as nn
from torch.nn import functional as F


class ModernNeuralNetwork(nn.Module):
    """MLP: for every hidden size, Linear -> BatchNorm1d -> ReLU -> Dropout; then a Linear output layer.

    Submodules (their names are part of the interface, as in the interview notes):
      self.layers        nn.ModuleList of the hidden nn.Linear layers
      self.batch_norms   nn.ModuleList of nn.BatchNorm1d, one per hidden layer
      self.output_layer  nn.Linear(hidden_sizes[-1], output_size)
      self.dropout       nn.Dropout(dropout_rate)
    Every Linear weight: Kaiming (He) normal, fan_in, for ReLU; every Linear bias: zeros.
    """

    def __init__(self, input_size, hidden_sizes, output_size, dropout_rate=0.5):
        super().__init__()
        # TODO: build the layers, then initialize the weights
        raise NotImplementedError

    def forward(self, x):
        """x: (m, input_size) float32 tensor -> logits (m, output_size)."""
        # TODO
        raise NotImplementedError
