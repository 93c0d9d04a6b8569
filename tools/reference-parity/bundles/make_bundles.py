"""Writes the bundle-parity cases (deterministic zip uploads) into the directory given as argv[1].

Each case is one zip named <case>.zip; the verdict of the reference's static phase and of
`prism validate` are compared by compare.py. Add a case by adding an entry to CASES.
"""
import os
import sys
import zipfile

ARCH = """import torch


class TinyModel(torch.nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab_size, 8)
        self.linear = torch.nn.Linear(8, vocab_size)

    def forward(self, tokens):
        return self.linear(self.embedding(tokens))


def build_model(ctx):
    return TinyModel(ctx.vocab_size)
"""

TRAIN = """import torch
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
"""

PLAIN_TRAIN = """import torch
from architecture import build_model


def train(ctx):
    net = build_model(ctx)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(3):
        opt.zero_grad()
"""


def arch_with(extra):
    return ARCH + "\n" + extra + "\n"


def train_with(body):
    return TRAIN.replace("def train(ctx):\n", "def train(ctx):\n" + body)


CASES = {
    "compliant": {"architecture.py": ARCH, "training.py": TRAIN},
    "plain_training": {"architecture.py": ARCH, "training.py": PLAIN_TRAIN},
    "missing_training": {"architecture.py": ARCH},
    "missing_architecture": {"training.py": TRAIN},
    "combined_module": {"architecture.py": ARCH + "\n\ndef train(ctx):\n    pass\n"},
    "declared_entrypoints": {"model.py": ARCH.replace("build_model", "make_model"),
                             "loop.py": TRAIN.replace("def train", "def run").replace("from architecture import build_model",
                                                                                        "from model import make_model as build_model"),
                             "prism.yaml": "architecture:\n  entrypoint: model.py::make_model\ntraining:\n  entrypoint: loop.py::run\n"},
    "declared_missing": {"architecture.py": ARCH, "training.py": TRAIN, "prism.yaml": "architecture:\n  entrypoint: model.py\n"},
    "yaml_aliases": {"architecture.py": ARCH, "training.py": TRAIN,
                     "prism.yaml": "defaults: &d {lr: 0.001}\nruns: [" + ", ".join(["*d"] * 100) + "]\n"},
    "import_os": {"architecture.py": arch_with("import os"), "training.py": TRAIN},
    "import_numpy_sys": {"architecture.py": arch_with("import numpy\nimport sys"), "training.py": TRAIN},
    "eval_call": {"architecture.py": arch_with("x = eval('1')"), "training.py": TRAIN},
    "torch_hub_in_training": {"architecture.py": ARCH, "training.py": train_with("    torch.hub.load('a', 'b')\n")},
    "external_torch_load": {"architecture.py": ARCH, "training.py": train_with("    s = torch.load('/tmp/w.pt')\n")},
    "shadowed_trusted_load": {"architecture.py": ARCH,
                              "training.py": train_with("    checkpoint_dir = '/etc'\n    s = torch.load(checkpoint_dir + '/x.pt')\n")},
    "getattr_dynamic": {"architecture.py": arch_with("f = getattr(torch, 'lo' + 'ad')"), "training.py": TRAIN},
    "alias_importlib": {"architecture.py": arch_with("from prism_challenge.evaluator.heldout import importlib\n"
                                                     "importlib.util.spec_from_file_location('m', 'p')"), "training.py": TRAIN},
    "alias_operator": {"architecture.py": arch_with("from collections import operator\nf = operator.attrgetter('x')"),
                       "training.py": TRAIN},
    "smuggled_subprocess": {"architecture.py": arch_with("from prism_challenge.evaluator.static_instantiation import subprocess"),
                            "training.py": TRAIN},
    "local_os_stem": {"architecture.py": arch_with("import os"), "training.py": TRAIN, "os.py": "x = 1\n"},
    "unparsable_helper": {"architecture.py": ARCH, "training.py": TRAIN, "helpers.py": "x = (\n"},
    "review_requests_comment": {"architecture.py": ARCH, "training.py": "# no requests here\n" + TRAIN},
    "tokenizer_by_name": {"architecture.py": ARCH, "training.py": train_with("    tok = ctx.reference_tokenizer('gpt2')\n")},
    "readme_indentation": {"architecture.py": ARCH, "training.py": TRAIN, "README.md": "Intro:\n        code\n    less\n"},
    "invalid_utf8_text": {"architecture.py": ARCH, "training.py": TRAIN, "notes.txt": b"\xff\xfe caf\xe9\n"},
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, files in CASES.items():
        with zipfile.ZipFile(os.path.join(out, name + ".zip"), "w", zipfile.ZIP_DEFLATED) as archive:
            for path, content in files.items():
                info = zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content if isinstance(content, bytes) else content.encode("utf-8"))
    print(len(CASES), "bundles in", out)


if __name__ == "__main__":
    main()
