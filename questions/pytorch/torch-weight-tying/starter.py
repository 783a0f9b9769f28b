import torch
from torch import nn


class TiedLanguageModel(nn.Module):
    """Embedding -> Linear + tanh -> output projection whose weight IS the embedding's weight."""

    def __init__(self, vocab_size, d_model):
        super().__init__()
        # TODO: self.embedding, self.hidden, self.head (no bias), and tie head's weight to the embedding's

    def forward(self, tokens):
        """tokens: int64 (B, T) -> logits (B, T, vocab_size)."""
        # TODO
        raise NotImplementedError
