"""Training loop for the tiny decoder, written to the multi-GPU contract.

``train(ctx)`` joins the process group when launched by ``torchrun``, binds its device, wraps the model in
``DistributedDataParallel``, reads rank-strided windows of the challenge's batches, and lets only rank 0
write under ``ctx.artifacts_dir``. At world size 1 the same code runs as a plain single-process loop.

How the challenge runs it
-------------------------
The challenge imports this module after forcing the random seed, calls ``train(ctx)`` once, and records the
model's loss on every batch *before* the loop trains on it: that online loss is the score, so the loop
must learn from each batch exactly once, in the order ``ctx.iter_train_batches`` yields them. Anything the
loop returns or prints is ignored.

Multi-GPU contract
------------------
``torchrun --standalone --nnodes=1`` starts one process per GPU. Each process joins the group with
``init_process_group``, binds its own device with ``set_device(local_rank)``, wraps the model in
``DistributedDataParallel`` so gradients are averaged, takes its own rank-strided rows of every batch,
and leaves the group with ``destroy_process_group``. Only rank 0 writes checkpoints, and only under
``ctx.artifacts_dir``, the one writable path.

Optimisation
------------
AdamW with decoupled weight decay on matrices only, a short linear warm-up followed by cosine decay,
and gradient clipping at norm 1.0. ``accumulate`` and ``held_out_loss`` are helpers for experiments run
outside the challenge; the scored loop does not need them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from architecture import build_model


@dataclass(frozen=True)
class Schedule:
    """Learning-rate schedule: linear warm-up, then cosine decay to a floor."""

    peak: float = 3e-3
    floor: float = 3e-4
    warmup_steps: int = 50
    decay_steps: int = 5000

    def rate(self, step: int) -> float:
        if step < self.warmup_steps:
            return self.peak * (step + 1) / self.warmup_steps
        progress = min(1.0, (step - self.warmup_steps) / max(1, self.decay_steps))
        return self.floor + 0.5 * (self.peak - self.floor) * (1.0 + math.cos(math.pi * progress))


@dataclass(frozen=True)
class LoopSettings:
    """Knobs of the loop; the challenge owns the data, so only optimisation settings live here."""

    batch_size: int = 4
    weight_decay: float = 0.05
    clip_norm: float = 1.0
    betas: tuple = (0.9, 0.95)
    schedule: Schedule = Schedule()


def _distributed(ctx) -> bool:
    return int(getattr(ctx, "world_size", 1) or 1) > 1


def _setup(ctx) -> torch.device:
    """Join the process group (a no-op at world size 1) and bind this rank's device."""
    if _distributed(ctx) and not dist.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend=backend)
    if torch.cuda.is_available():
        torch.cuda.set_device(ctx.local_rank)
        return torch.device("cuda", ctx.local_rank)
    return torch.device("cpu")


def _teardown(ctx) -> None:
    if _distributed(ctx) and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def _parameter_groups(model: torch.nn.Module, weight_decay: float) -> list:
    """Decay matrices, not norms or biases."""
    decayed, plain = [], []
    for name, parameter in model.named_parameters():
        if not parameter.requires_grad:
            continue
        (decayed if parameter.dim() >= 2 else plain).append(parameter)
    return [
        {"params": decayed, "weight_decay": weight_decay},
        {"params": plain, "weight_decay": 0.0},
    ]


def _next_token_loss(logits: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of predicting each next token from the positions before it."""
    if logits.dim() == 2:
        logits = logits.unsqueeze(0)
    vocab = logits.shape[-1]
    predictions = logits[:, :-1, :].reshape(-1, vocab)
    targets = tokens[:, 1:].reshape(-1) % vocab
    return F.cross_entropy(predictions, targets)


def _my_windows(batch: torch.Tensor, rank: int, world_size: int) -> torch.Tensor:
    """This rank's rows of a batch: every ``world_size``-th row starting at ``rank``."""
    rows = list(range(rank, batch.shape[0], world_size))
    return batch[rows] if rows else batch[:0]


def _average(value: torch.Tensor, ctx) -> float:
    if _distributed(ctx) and dist.is_initialized():
        value = value.detach().clone()
        dist.all_reduce(value, op=dist.ReduceOp.SUM)
        value /= ctx.world_size
    return float(value.item())


def train(ctx) -> None:
    """The miner-owned loop the challenge re-executes under a forced random init."""
    settings = LoopSettings()
    device = _setup(ctx)
    model = build_model(ctx).to(device)
    wrapped = model
    if _distributed(ctx):
        wrapped = DistributedDataParallel(model, device_ids=[ctx.local_rank] if device.type == "cuda" else None)
    optimizer = torch.optim.AdamW(
        _parameter_groups(wrapped, settings.weight_decay), lr=settings.schedule.peak, betas=settings.betas
    )
    world_size = int(getattr(ctx, "world_size", 1) or 1)
    rank = int(getattr(ctx, "rank", 0) or 0)
    step = 0
    running = None
    for batch in ctx.iter_train_batches(model, batch_size=settings.batch_size, seq_len=ctx.max_seq_len):
        tokens = _my_windows(batch.tokens.to(device), rank, world_size)
        if tokens.shape[0] == 0:
            continue
        for group in optimizer.param_groups:
            group["lr"] = settings.schedule.rate(step)
        optimizer.zero_grad(set_to_none=True)
        loss = _next_token_loss(wrapped(tokens), tokens)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(wrapped.parameters(), settings.clip_norm)
        optimizer.step()
        value = _average(loss, ctx)
        running = value if running is None else 0.98 * running + 0.02 * value
        step += 1
    if rank == 0 and ctx.artifacts_dir:
        torch.save({"state_dict": model.state_dict(), "steps": step, "smoothed_loss": running}, ctx.artifacts_dir + "/final.pt")
    _teardown(ctx)


@dataclass
class Meter:
    """Exponential moving averages of the loss and the gradient norm, for progress reporting."""

    decay: float = 0.98
    loss: float | None = None
    grad_norm: float | None = None
    steps: int = 0

    def update(self, loss: float, grad_norm: float) -> None:
        self.loss = loss if self.loss is None else self.decay * self.loss + (1.0 - self.decay) * loss
        self.grad_norm = grad_norm if self.grad_norm is None else self.decay * self.grad_norm + (1.0 - self.decay) * grad_norm
        self.steps += 1

    def summary(self) -> dict:
        return {"steps": self.steps, "loss": self.loss, "grad_norm": self.grad_norm}


def accumulate(model: torch.nn.Module, batches: list, settings: LoopSettings) -> float:
    """Average the gradients of several micro-batches before one optimiser step; returns the mean loss."""
    total = 0.0
    for tokens in batches:
        loss = _next_token_loss(model(tokens), tokens) / max(1, len(batches))
        loss.backward()
        total += float(loss.detach().item())
    torch.nn.utils.clip_grad_norm_(model.parameters(), settings.clip_norm)
    return total


def perplexity(loss: float) -> float:
    """exp(loss), capped so a diverged run still prints a finite number."""
    return math.exp(min(loss, 50.0))


def held_out_loss(model: torch.nn.Module, batches: list) -> float:
    """Mean next-token loss over held-out batches, without gradients and in inference mode."""
    was_training = model.training
    model.train(False)
    losses = []
    with torch.no_grad():
        for tokens in batches:
            losses.append(float(_next_token_loss(model(tokens), tokens).item()))
    model.train(was_training)
    return sum(losses) / max(1, len(losses))


def shard_sizes(total: int, world_size: int) -> list:
    """How many rows each rank gets when ``total`` rows are split in rank-strided windows."""
    return [len(range(rank, total, world_size)) for rank in range(world_size)]
