"""Reference: a pre-LayerNorm transformer encoder block (multi-head self-attention and a GELU MLP, each with a residual)."""

import math

import torch
from torch import nn
from torch.nn import functional as F


class TransformerBlock(nn.Module):
    """x + Attn(LN1(x)), then + MLP(LN2(.)); the same block as nn.TransformerEncoderLayer(norm_first=True, activation="gelu")."""

    def __init__(self, d_model, n_heads, d_ff, dropout=0.1):
        super().__init__()
        self.n_heads = n_heads
        self.ln1 = nn.LayerNorm(d_model)
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)
        self.ln2 = nn.LayerNorm(d_model)
        self.fc1 = nn.Linear(d_model, d_ff)
        self.fc2 = nn.Linear(d_ff, d_model)
        self.dropout = nn.Dropout(dropout)

    def _split(self, t):
        """(B, T, d_model) -> (B, n_heads, T, head_dim): each head sees its own slice of the features."""
        batch, length, d_model = t.shape
        return t.view(batch, length, self.n_heads, d_model // self.n_heads).transpose(1, 2)

    def attention(self, x, causal=False):
        """Multi-head scaled dot-product self-attention of x (B, T, d_model), then the output projection."""
        batch, length, d_model = x.shape
        q, k, v = self._split(self.q_proj(x)), self._split(self.k_proj(x)), self._split(self.v_proj(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(d_model // self.n_heads)
        if causal:  # position i sees positions j <= i only
            future = torch.ones(length, length, dtype=torch.bool, device=x.device).triu(1)
            scores = scores.masked_fill(future, float("-inf"))
        weights = self.dropout(scores.softmax(dim=-1))
        heads = (weights @ v).transpose(1, 2).reshape(batch, length, d_model)
        return self.out_proj(heads)

    def forward(self, x, causal=False):
        """(B, T, d_model) -> (B, T, d_model); `causal` masks every position's future."""
        x = x + self.dropout(self.attention(self.ln1(x), causal))
        return x + self.dropout(self.fc2(self.dropout(F.gelu(self.fc1(self.ln2(x))))))
