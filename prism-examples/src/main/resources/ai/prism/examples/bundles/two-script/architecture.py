"""A small decoder-only language model for PRISM bundles.

The factory ``build_model(ctx)`` returns a ``torch.nn.Module`` that maps a ``(batch, length)`` tensor of
token ids to ``(batch, length, vocab)`` logits. Everything is built from ``torch.nn`` parts so the
static sandbox sees nothing but ordinary tensor code.

Design notes
------------
* Width, depth and head count come from ``DecoderConfig``; ``build_model`` derives them from the
  challenge context (vocabulary size and maximum sequence length) and keeps the model near one million
  parameters for the byte-level vocabulary, far below the challenge's parameter cap.
* Positions are encoded with rotary angles computed once per model, so the model has no learned position
  table and works for any length up to ``max_length``.
* The output projection shares its weight with the token embedding; the parameter count reported by
  ``TinyDecoder.parameter_count`` counts that shared matrix once, as the challenge does.
* Initialisation is explicit (normal, standard deviation 0.02) so the forced-seed construction the
  challenge performs gives the same weights on every machine.
* ``MixerDecoder`` is an attention-free variant with the same interface, useful to compare token mixers
  under one training loop; ``build_variant`` selects a variant by name.

Nothing in this module touches files, the network or other processes: the challenge owns data access,
and the training script owns the loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn
import torch.nn.functional as F


@dataclass(frozen=True)
class DecoderConfig:
    """Shape of the decoder; derived from the challenge context in ``build_model``."""

    vocab_size: int
    max_length: int
    width: int = 128
    depth: int = 4
    heads: int = 4
    hidden_multiple: int = 4
    dropout: float = 0.0

    @property
    def head_width(self) -> int:
        return self.width // self.heads

    @property
    def hidden_width(self) -> int:
        return self.width * self.hidden_multiple


class RotaryTable(nn.Module):
    """Precomputed rotary position angles, applied to queries and keys."""

    def __init__(self, head_width: int, max_length: int, base: float = 10000.0) -> None:
        super().__init__()
        half = head_width // 2
        inverse = 1.0 / (base ** (torch.arange(0, half, dtype=torch.float32) / half))
        positions = torch.arange(max_length, dtype=torch.float32)
        angles = torch.outer(positions, inverse)
        self.register_buffer("cosines", torch.cos(angles), persistent=False)
        self.register_buffer("sines", torch.sin(angles), persistent=False)

    def rotate(self, x: torch.Tensor) -> torch.Tensor:
        length = x.shape[-2]
        cos = self.cosines[:length]
        sin = self.sines[:length]
        first, second = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2 :]
        return torch.cat((first * cos - second * sin, first * sin + second * cos), dim=-1)


class CausalSelfAttention(nn.Module):
    """Multi-head attention that only looks backwards."""

    def __init__(self, config: DecoderConfig, rotary: RotaryTable) -> None:
        super().__init__()
        self.heads = config.heads
        self.head_width = config.head_width
        self.qkv = nn.Linear(config.width, 3 * config.width, bias=False)
        self.out = nn.Linear(config.width, config.width, bias=False)
        self.rotary = rotary
        self.dropout = config.dropout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        q, k, v = self.qkv(x).split(width, dim=-1)
        q = q.view(batch, length, self.heads, self.head_width).transpose(1, 2)
        k = k.view(batch, length, self.heads, self.head_width).transpose(1, 2)
        v = v.view(batch, length, self.heads, self.head_width).transpose(1, 2)
        q = self.rotary.rotate(q)
        k = self.rotary.rotate(k)
        mixed = F.scaled_dot_product_attention(
            q, k, v, is_causal=True, dropout_p=self.dropout if self.training else 0.0
        )
        mixed = mixed.transpose(1, 2).reshape(batch, length, width)
        return self.out(mixed)


class GatedFeedForward(nn.Module):
    """A SwiGLU-style position-wise block."""

    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        self.gate = nn.Linear(config.width, config.hidden_width, bias=False)
        self.up = nn.Linear(config.width, config.hidden_width, bias=False)
        self.down = nn.Linear(config.hidden_width, config.width, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down(F.silu(self.gate(x)) * self.up(x))


class DecoderLayer(nn.Module):
    """Pre-norm residual layer: attention, then the feed-forward block."""

    def __init__(self, config: DecoderConfig, rotary: RotaryTable) -> None:
        super().__init__()
        self.attention_norm = nn.LayerNorm(config.width)
        self.attention = CausalSelfAttention(config, rotary)
        self.feed_forward_norm = nn.LayerNorm(config.width)
        self.feed_forward = GatedFeedForward(config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attention(self.attention_norm(x))
        return x + self.feed_forward(self.feed_forward_norm(x))


class TinyDecoder(nn.Module):
    """Token embedding, a stack of decoder layers, a final norm and a tied output projection."""

    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.vocab_size, config.width)
        rotary = RotaryTable(config.head_width, config.max_length)
        self.layers = nn.ModuleList([DecoderLayer(config, rotary) for _ in range(config.depth)])
        self.final_norm = nn.LayerNorm(config.width)
        self.head = nn.Linear(config.width, config.vocab_size, bias=False)
        self.head.weight = self.embedding.weight
        self.apply(self._initialise)

    @staticmethod
    def _initialise(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        if tokens.dim() == 1:
            tokens = tokens.unsqueeze(0)
        tokens = tokens[:, -self.config.max_length :]
        x = self.embedding(tokens) * math.sqrt(self.config.width)
        for layer in self.layers:
            x = layer(x)
        return self.head(self.final_norm(x))

    def parameter_count(self) -> int:
        """Unique parameters (the tied head is counted once)."""
        seen = {}
        for parameter in self.parameters():
            seen[id(parameter)] = parameter.numel()
        return sum(seen.values())


def _config_from_context(ctx) -> DecoderConfig:
    vocab = int(getattr(ctx, "vocab_size", 4096) or 4096)
    length = int(getattr(ctx, "max_seq_len", 128) or 128)
    width = 128 if vocab <= 8192 else 96
    return DecoderConfig(vocab_size=vocab, max_length=max(length, 2), width=width)


def build_model(ctx) -> nn.Module:
    """The architecture factory the challenge calls under its forced seed."""
    return TinyDecoder(_config_from_context(ctx))


class DepthwiseMixer(nn.Module):
    """An attention-free alternative token mixer: a causal depthwise convolution with a learned gate.

    Swapping ``CausalSelfAttention`` for this block gives a cheaper, convolution-only variant of the same
    decoder; ``build_variant`` exposes both so experiments can compare them under the same training loop.
    """

    def __init__(self, config: DecoderConfig, kernel: int = 7) -> None:
        super().__init__()
        self.kernel = kernel
        self.conv = nn.Conv1d(config.width, config.width, kernel, groups=config.width, bias=False)
        self.gate = nn.Linear(config.width, config.width)
        self.proj = nn.Linear(config.width, config.width, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        padded = F.pad(x.transpose(1, 2), (self.kernel - 1, 0))
        mixed = self.conv(padded).transpose(1, 2)
        return self.proj(mixed * torch.sigmoid(self.gate(x)))


class MixerLayer(nn.Module):
    """Pre-norm residual layer around ``DepthwiseMixer`` and the gated feed-forward block."""

    def __init__(self, config: DecoderConfig) -> None:
        super().__init__()
        self.mixer_norm = nn.LayerNorm(config.width)
        self.mixer = DepthwiseMixer(config)
        self.feed_forward_norm = nn.LayerNorm(config.width)
        self.feed_forward = GatedFeedForward(config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.mixer(self.mixer_norm(x))
        return x + self.feed_forward(self.feed_forward_norm(x))


class MixerDecoder(TinyDecoder):
    """``TinyDecoder`` with every attention layer replaced by a ``MixerLayer``."""

    def __init__(self, config: DecoderConfig) -> None:
        super().__init__(config)
        self.layers = nn.ModuleList([MixerLayer(config) for _ in range(config.depth)])
        self.apply(self._initialise)


VARIANTS = {
    "attention": TinyDecoder,
    "mixer": MixerDecoder,
}


def build_variant(ctx, name: str = "attention") -> nn.Module:
    """Build one of the registered variants by name (``attention`` is what ``build_model`` returns)."""
    if name not in VARIANTS:
        raise ValueError(f"unknown variant {name!r}; choose one of {sorted(VARIANTS)}")
    return VARIANTS[name](_config_from_context(ctx))


def describe(model: nn.Module) -> str:
    """A one-line summary: class, width, depth and unique parameter count."""
    config = getattr(model, "config", None)
    count = model.parameter_count() if hasattr(model, "parameter_count") else sum(p.numel() for p in model.parameters())
    if config is None:
        return f"{type(model).__name__}: {count:,} parameters"
    return (
        f"{type(model).__name__}: width {config.width}, depth {config.depth}, heads {config.heads}, "
        f"vocab {config.vocab_size}, {count:,} parameters"
    )
