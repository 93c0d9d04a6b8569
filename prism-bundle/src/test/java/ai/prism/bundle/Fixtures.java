package ai.prism.bundle;

/** Python sources shared by the tests: an architecture script and a distributed-compliant training script. */
public final class Fixtures {
  private Fixtures() {}

  /** A small model with {@code build_model}. */
  public static final String ARCH = """
      import torch

      class TinyModel(torch.nn.Module):
          def __init__(self, vocab_size):
              super().__init__()
              self.embedding = torch.nn.Embedding(vocab_size, 8)
              self.linear = torch.nn.Linear(8, vocab_size)

          def forward(self, tokens):
              return self.linear(self.embedding(tokens))

      def build_model(ctx):
          return TinyModel(ctx.vocab_size)
      """;

  /** A training script with all six distributed primitives and a rank-0 guarded save. */
  public static final String COMPLIANT_TRAIN = """
      import torch
      import torch.distributed as dist
      from torch.nn.parallel import DistributedDataParallel as Wrapped
      from torch.utils.data import DistributedSampler
      from architecture import build_model


      def train(ctx):
          dist.init_process_group(backend="gloo")
          torch.cuda.set_device(ctx.local_rank)
          net = Wrapped(build_model(ctx))
          sampler = DistributedSampler(range(32), num_replicas=ctx.world_size, rank=ctx.rank)
          opt = torch.optim.SGD(net.parameters(), lr=0.1)
          for _ in sampler:
              opt.zero_grad()
          if ctx.rank == 0:
              torch.save(net.state_dict(), ctx.artifacts_dir + "/final.pt")
          dist.destroy_process_group()
      """;

  /** A single-process training loop with no distributed primitive. */
  public static final String PLAIN_TRAIN = """
      import torch
      from architecture import build_model


      def train(ctx):
          net = build_model(ctx)
          opt = torch.optim.SGD(net.parameters(), lr=0.1)
          for _ in range(3):
              opt.zero_grad()
      """;
}
