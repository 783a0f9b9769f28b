"""Reference: a small language model whose output projection is its token embedding (weight tying)."""

import torch
from torch import nn


class TiedLanguageModel(nn.Module):
    """Embedding -> Linear + tanh -> output projection sharing the embedding's weight (one Parameter)."""

    def __init__(self, vocab_size, d_model):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, d_model)
        self.hidden = nn.Linear(d_model, d_model)
        self.head = nn.Linear(d_model, vocab_size, bias=False)
        self.head.weight = self.embedding.weight  # one Parameter (vocab_size, d_model) under two names

    def forward(self, tokens):
        """Logits (B, T, vocab_size) for token ids (B, T)."""
        x = self.embedding(tokens)
        x = torch.tanh(self.hidden(x))
        return self.head(x)
