package ai.prism.bundle.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.bundle.Evidence;
import ai.prism.bundle.SandboxPolicy;
import ai.prism.bundle.python.PythonParser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The static sandbox cases of spec §9.2 (the reference's {@code test_prism_sandbox_hard_blocks},
 * {@code test_prism_sandbox_openness_and_errors} and {@code test_submission_sandbox_policy}), both policies.
 * Not applicable here (they need Python execution, spec §2.7): build_model return types, raising,
 * time/memory bounds, parameter counts, the parameter cap and lazy modules.
 */
class StaticSandboxTest {
  private static final StaticSandbox REFERENCE = new StaticSandbox(SandboxPolicy.REFERENCE);
  private static final StaticSandbox HARDENED = new StaticSandbox(SandboxPolicy.HARDENED);
  private static final String CONTRACT = "\ndef build_model(ctx):\n    pass\n\ndef get_recipe(ctx):\n    return {}\n";

  static SandboxReport inspect(StaticSandbox sandbox, String code, Set<String> localRoots, String path) {
    return sandbox.inspect(code, PythonParser.parse(code), localRoots, path);
  }

  static SandboxViolation violation(StaticSandbox sandbox, String code) {
    return assertThrows(SandboxViolation.class, () -> inspect(sandbox, code, Set.of(), "model.py"));
  }

  static String rule(String code) {
    String reference = violation(REFERENCE, code).evidence().get(0).ruleId();
    assertEquals(reference, violation(HARDENED, code).evidence().get(0).ruleId(), "HARDENED keeps every reference block");
    return reference;
  }

  private static String fn(String body) {
    return "import torch\n\n\ndef use(model, ctx, data):\n" + body + "\n";
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "import os | prism:no-process",
      "import sys | prism:no-process",
      "import subprocess | prism:no-process",
      "import socket | prism:no-network",
      "import requests | prism:no-network",
      "import urllib | prism:no-network",
      "import httpx | prism:no-network",
      "import aiohttp | prism:no-network",
      "from http import client | prism:no-network",
      "import pickle | prism:no-deserialization",
      "import joblib | prism:no-deserialization",
      "import ctypes | prism:no-ffi",
      "import cffi | prism:no-ffi",
      "import importlib | prism:no-dynamic-import",
      "import pathlib | prism:no-filesystem",
      "import shutil | prism:no-filesystem",
      "import tempfile | prism:no-filesystem",
      "import glob | prism:no-filesystem",
      "import numpy | prism:no-forbidden-import",
      "import safetensors | prism:no-forbidden-import",
      "from safetensors.torch import load_file | prism:no-forbidden-import",
      "import os.path | prism:no-process",
  })
  void blockedImportRoots(String statement, String expected) {
    assertEquals(expected, rule(statement + "\n"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "    return pickle.loads(data) | prism:no-deserialization",
      "    return torch.load('/tmp/external_weights.pt') | prism:no-deserialization",
      "    return torch.load('/tmp/../x.pt', weights_only=True) | prism:no-deserialization",
      "    return importlib.import_module('os') | prism:no-dynamic-import",
      "    return __import__('os') | prism:no-dynamic-import",
      "    return eval('1 + 1') | prism:no-dynamic-code",
      "    exec('x = 1') | prism:no-dynamic-code",
      "    return compile('1', '<s>', 'eval') | prism:no-dynamic-code",
      "    return open('/etc/cron.d/x', 'w') | prism:no-filesystem",
      "    return open(data, 'rb') | prism:no-filesystem",
      "    return input() | prism:no-process",
      "    torch.save(model.state_dict(), '/etc/evil.pt') | prism:no-filesystem",
      "    torch.save(model.state_dict(), '/root/evil.pt') | prism:no-filesystem",
      "    return torch.hub.load('pytorch/vision', 'resnet18') | prism:no-torch-escape",
      "    return torch.hub.download_url_to_file('http://x/y', '/tmp/z') | prism:no-torch-escape",
      "    return torch.utils.cpp_extension.load(name='x', sources=[]) | prism:no-torch-escape",
      "    return torch.utils.cpp_extension.load_inline(name='x', cpp_sources='') | prism:no-torch-escape",
      "    return torch.hub | prism:no-torch-escape",
      "    return getattr(torch, 'lo' + 'ad')(data) | prism:no-dynamic-attr",
      "    return getattr(torch, 'load')(data) | prism:no-dynamic-attr",
      "    return getattr(__builtins__, 'ev' + 'al')('1') | prism:no-dynamic-attr",
      "    return vars()[data] | prism:no-dynamic-attr",
      "    return globals() | prism:no-dynamic-attr",
      "    return getattr(torch, f'lo{data}ad') | prism:no-dynamic-attr",
      "    return getattr(model, data) | prism:no-dynamic-attr",
      "    return operator.attrgetter('x')(model) | prism:no-dynamic-attr",
      "    return torch.load(torch.load.__doc__) | prism:no-deserialization",
      "    return dill.load(data) | prism:no-deserialization",
      "    return model.__globals__ | prism:no-dynamic-code",
      "    return model.__reduce__() | prism:no-attribute-escape",
      "    return model.__reduce_ex__(2) | prism:no-attribute-escape",
      "    return type(model).__subclasses__() | prism:no-dynamic-code",
      "    return (1).__class__ | prism:no-dynamic-code",
      "    return type(model).__mro__ | prism:no-dynamic-code",
      "    return model.__builtins__ | prism:no-dynamic-code",
      "    return model.__class__.__bases__ | prism:no-attribute-escape",
      "    return model.__import__ | prism:no-forbidden-import",
      "    return ctx.system | prism:no-process",
      "    data.remove(1) | prism:no-filesystem",
  })
  void blockedCallsAndAttributes(String body, String expected) {
    assertEquals(expected, rule(fn("    " + body)));
  }

  @Test
  void forbiddenAttributeMessages() {
    for (String attr : List.of("__globals__", "__reduce__", "__reduce_ex__", "__subclasses__", "__class__", "__mro__", "__builtins__")) {
      SandboxViolation v = violation(REFERENCE, fn("    return model." + attr));
      assertEquals("forbidden attribute: " + attr, v.getMessage());
    }
    // breadth-first: the outer attribute is visited before the inner one
    assertEquals("forbidden attribute: __bases__", violation(REFERENCE, fn("    return model.__class__.__bases__")).getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "from __future__ import annotations\nimport torch\n\ndef build_model(ctx):\n    return torch.nn.Linear(4, 4)\n",
      "from __future__ import annotations, division\nimport torch\n\ndef build_model(ctx):\n    return torch.nn.Linear(4, 4)\n",
      "\"\"\"Module docstring.\"\"\"\nimport torch\n\ndef build_model(ctx):\n    \"\"\"Build.\"\"\"\n    return torch.nn.Linear(4, 4)\n",
      "import torch\nimport torch.nn.functional as F\nfrom torch import nn\n\ndef use(model, ctx, data):\n"
          + "    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)\n"
          + "    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n"
          + "    loader = torch.utils.data.DataLoader(data)\n"
          + "    return F.cross_entropy(model(ctx), ctx), loader, opt, getattr(model, 'forward')\n",
      "from __future__ import annotations\n\nimport torch\nfrom dataclasses import dataclass\n\nHIDDEN_DIM = 16\n\n@dataclass\n"
          + "class ModelConfig:\n    vocab: int\n    dim: int = HIDDEN_DIM\n\n"
          + "def _make_head(cfg: ModelConfig) -> torch.nn.Module:\n    return torch.nn.Linear(cfg.dim, cfg.vocab)\n",
      "import torch\n\ndef load_checkpoint(model, checkpoint_dir, ctx):\n"
          + "    payload = torch.load(checkpoint_dir / 'model.pt', weights_only=True)\n"
          + "    model.load_state_dict(payload['state_dict'])\n\n"
          + "def save_checkpoint(model, checkpoint_dir, ctx):\n"
          + "    torch.save({'state_dict': model.state_dict()}, checkpoint_dir / 'model.pt')\n"
          + "    torch.save(model.state_dict(), ctx.artifacts_dir + '/ckpt.pt')\n"
          + "    torch.save(model.state_dict(), ctx.resume_checkpoint_dir[0])\n",
      "import math\nimport typing\nimport collections.abc\nfrom prism_challenge.evaluator.interface import PrismContext\n",
  })
  void openness(String code) {
    SandboxReport reference = inspect(REFERENCE, code, Set.of(), "model.py");
    inspect(HARDENED, code, Set.of(), "model.py");
    assertTrue(reference.fingerprint().contains("Module"));
  }

  /** §9.2: benign Transformer, LSTM, simple SSM and depthwise-conv architectures pass under both policies. */
  @ParameterizedTest
  @ValueSource(strings = {"""
      import math

      import torch
      import torch.nn.functional as F
      from torch import nn


      class Block(nn.Module):
          def __init__(self, dim, heads):
              super().__init__()
              self.norm1 = nn.LayerNorm(dim)
              self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
              self.norm2 = nn.LayerNorm(dim)
              self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

          def forward(self, x):
              t = x.size(1)
              mask = torch.triu(torch.ones(t, t, dtype=torch.bool, device=x.device), diagonal=1)
              h = self.norm1(x)
              x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
              return x + self.mlp(self.norm2(x))


      class Transformer(nn.Module):
          def __init__(self, vocab, dim=64, depth=2, heads=4, max_len=256):
              super().__init__()
              self.tok = nn.Embedding(vocab, dim)
              self.pos = nn.Parameter(torch.zeros(1, max_len, dim))
              self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
              self.head = nn.Linear(dim, vocab, bias=False)
              nn.init.normal_(self.pos, std=1 / math.sqrt(dim))

          def forward(self, idx):
              x = self.tok(idx) + self.pos[:, : idx.size(1)]
              for block in self.blocks:
                  x = block(x)
              return self.head(x)


      def build_model(ctx):
          return Transformer(ctx.vocab_size)
      """, """
      import torch
      from torch import nn


      class LstmLm(nn.Module):
          def __init__(self, vocab, dim=128, layers=2):
              super().__init__()
              self.embed = nn.Embedding(vocab, dim)
              self.lstm = nn.LSTM(dim, dim, num_layers=layers, batch_first=True, dropout=0.1)
              self.out = nn.Linear(dim, vocab)

          def forward(self, tokens, state=None):
              h, state = self.lstm(self.embed(tokens), state)
              return self.out(h)


      def build_model(ctx):
          return LstmLm(ctx.vocab_size)
      """, """
      from dataclasses import dataclass

      import torch
      import torch.nn.functional as F


      @dataclass
      class SsmConfig:
          dim: int = 64
          state: int = 16


      class DiagonalSsm(torch.nn.Module):
          \"\"\"A diagonal linear state-space layer scanned over time.\"\"\"

          def __init__(self, cfg: SsmConfig):
              super().__init__()
              self.log_a = torch.nn.Parameter(-torch.rand(cfg.dim, cfg.state))
              self.b = torch.nn.Parameter(torch.randn(cfg.dim, cfg.state) * 0.1)
              self.c = torch.nn.Parameter(torch.randn(cfg.dim, cfg.state) * 0.1)

          def forward(self, x):
              a = torch.exp(self.log_a)
              h = x.new_zeros(x.size(0), *self.b.shape)
              outputs = []
              for t in range(x.size(1)):
                  h = a * h + self.b * x[:, t, :, None]
                  outputs.append((h * self.c).sum(-1))
              return F.silu(torch.stack(outputs, dim=1))


      class SsmLm(torch.nn.Module):
          def __init__(self, vocab, cfg=SsmConfig()):
              super().__init__()
              self.embed = torch.nn.Embedding(vocab, cfg.dim)
              self.ssm = DiagonalSsm(cfg)
              self.head = torch.nn.Linear(cfg.dim, vocab)

          def forward(self, tokens):
              return self.head(self.ssm(self.embed(tokens)))


      def build_model(ctx):
          return SsmLm(ctx.vocab_size)
      """, """
      import torch
      import torch.nn.functional as F
      from torch import nn


      class DepthwiseBlock(nn.Module):
          def __init__(self, dim, kernel=7):
              super().__init__()
              self.kernel = kernel
              self.depthwise = nn.Conv1d(dim, dim, kernel, groups=dim)
              self.pointwise = nn.Conv1d(dim, dim, 1)
              self.norm = nn.BatchNorm1d(dim)

          def forward(self, x):
              h = F.pad(x, (self.kernel - 1, 0))
              return x + self.pointwise(F.gelu(self.norm(self.depthwise(h))))


      class ConvLm(nn.Module):
          def __init__(self, vocab, dim=64, depth=3):
              super().__init__()
              self.embed = nn.Embedding(vocab, dim)
              self.blocks = nn.Sequential(*[DepthwiseBlock(dim) for _ in range(depth)])
              self.head = nn.Linear(dim, vocab)

          def forward(self, tokens):
              h = self.blocks(self.embed(tokens).transpose(1, 2))
              return self.head(h.transpose(1, 2))


      def build_model(ctx):
          return ConvLm(ctx.vocab_size)
      """})
  void benignArchitecturesPass(String code) {
    SandboxReport reference = inspect(REFERENCE, code, Set.of(), "architecture.py");
    assertEquals(reference.fingerprint(), inspect(HARDENED, code, Set.of(), "architecture.py").fingerprint());
    assertTrue(reference.fingerprint().contains("function:build_model"));
  }

  @Test
  void fingerprintSetHasKindsFunctionsClassBasesAndCalls() {
    SandboxReport r = inspect(REFERENCE, "import torch\nfrom torch import nn\n\nclass Net(nn.Module, object):\n"
        + "    def forward(self, x):\n        return self.head(x).relu()\n\nasync def go():\n    pass\n\ndef build_model(ctx):\n"
        + "    return Net()\n", Set.of(), "model.py");
    assertTrue(r.fingerprint().containsAll(Set.of("Module", "ClassDef", "class_base:nn.Module,object", "function:forward",
        "function:build_model", "call:Net", "call:Call.relu", "call:self.head", "AsyncFunctionDef")));
    assertFalse(r.fingerprint().contains("function:go"));
    assertEquals(Set.of("torch"), r.imports());
  }

  @Test
  void rebindingTrustedRootsMakesThemUntrusted() {
    assertEquals("prism:no-deserialization", rule(fn("    artifacts_dir = '/x'\n    return torch.load(artifacts_dir)")));
    assertEquals("prism:no-deserialization", rule(fn("    for checkpoint_dir in data:\n        pass\n    return torch.load(checkpoint_dir)")));
    assertEquals("prism:no-deserialization", rule(fn("    with open_dir() as resume_checkpoint_dir:\n        return torch.load(resume_checkpoint_dir)")));
    assertEquals("prism:no-deserialization", rule(fn("    ctx.artifacts_dir = '/x'\n    return torch.load(ctx.artifacts_dir)")));
    assertEquals("prism:no-deserialization", rule(fn("    setattr(ctx, 'artifacts_dir', '/x')\n    return torch.load(ctx.artifacts_dir / 'a')")));
    assertEquals("prism:no-filesystem", rule(fn("    setattr(ctx, 'checkpoint_dir', '/x')\n    torch.save(model, ctx.checkpoint_dir / 'a')")));
    assertEquals("prism:no-filesystem", rule(fn("    checkpoint_dir = '/x'\n    torch.save(model, checkpoint_dir)")));
    assertEquals("prism:no-deserialization", rule(fn("    return torch.load('/etc/passwd' + str(len(artifacts_dir)))")));
    assertEquals("prism:no-deserialization", rule(fn("    return torch.load(f=ctx.artifacts_dir)")));
    assertEquals("prism:no-deserialization", rule(fn("    return torch.load(*ctx.artifacts_dir)")));
  }

  @Test
  void callAndAttributeViolationsComeBeforeImportViolations() {
    SandboxViolation v = violation(REFERENCE, "import os\nimport numpy\nx = eval('1')\n");
    assertEquals("forbidden call: eval", v.getMessage());
    v = violation(REFERENCE, "import os\nimport numpy\nimport sys\n");
    assertEquals("forbidden imports: numpy, os, sys", v.getMessage());
    assertEquals(List.of("prism:no-forbidden-import", "prism:no-process", "prism:no-process"),
        v.evidence().stream().map(Evidence::ruleId).toList());
    assertEquals(List.of(2, 1, 3), v.evidence().stream().map(Evidence::line).toList());
  }

  @Test
  void breadthFirstOrderDecidesWhichViolationIsReported() {
    // the outer call is visited before the attribute nested inside its arguments
    assertEquals("forbidden call: open", violation(REFERENCE, "open(model.__class__)\n").getMessage());
    // a module-level statement is visited before anything inside an earlier function body
    assertEquals("forbidden call: eval", violation(REFERENCE, "def f():\n    exec('x')\n\neval('y')\n").getMessage());
  }

  @Test
  void evidenceIsDeterministic() {
    Evidence first = violation(REFERENCE, "import socket" + CONTRACT).evidence().get(0);
    Evidence again = assertThrows(SandboxViolation.class,
        () -> inspect(REFERENCE, "import socket" + CONTRACT, Set.of(), "src/model.py")).evidence().get(0);
    assertEquals("prism:no-network", again.ruleId());
    assertEquals("src/model.py", again.artifactPath());
    assertEquals(1, again.line());
    assertEquals("Import", again.astNode());
    assertEquals("7773c884b8cd524d37b6b377f43cb5f05899db17d58442afb8508841ccc88991", again.snippetHash());
    assertTrue(again.explanation().contains("socket"));
    assertEquals(first.snippetHash(), again.snippetHash());
  }

  @Test
  void evidenceHashesTheSegmentNotTheLiteral() {
    String code = "def build_model(ctx):\n    return open('/etc/passwd').read()\n\ndef get_recipe(ctx):\n    return {}\n";
    Evidence e = violation(REFERENCE, code).evidence().get(0);
    assertEquals("prism:no-filesystem", e.ruleId());
    assertEquals("model.py", e.artifactPath());
    assertEquals(2, e.line());
    assertEquals("Call", e.astNode());
    assertEquals(ai.prism.bundle.PythonText.sha256Hex("open('/etc/passwd')"), e.snippetHash());
    assertFalse(e.toString().contains("/etc/passwd"));
  }

  @Test
  void evidenceKeepsTheArtifactPathAndNodeKind() {
    Evidence numpy = assertThrows(SandboxViolation.class, () -> inspect(REFERENCE, "import numpy" + CONTRACT, Set.of(), "train.py"))
        .evidence().get(0);
    assertEquals("prism:no-forbidden-import", numpy.ruleId());
    assertEquals("train.py", numpy.artifactPath());
    Evidence system = violation(REFERENCE, "def build_model(ctx):\n    return ctx.system\n").evidence().get(0);
    assertEquals("prism:no-process", system.ruleId());
    assertEquals("Attribute", system.astNode());
    assertEquals(2, system.line());
  }

  @Test
  void snippetHashesUseUtf8ByteColumns() {
    String code = "x = '\u00e9\u00e9'; y = eval('\u20ac')\n";
    Evidence e = violation(REFERENCE, code).evidence().get(0);
    assertEquals(ai.prism.bundle.PythonText.sha256Hex("eval('\u20ac')"), e.snippetHash());
  }

  @Test
  void localStemsWhitelistImportsUnderReferenceOnly() {
    assertEquals(Set.of("torch", "os", "layers"),
        inspect(REFERENCE, "import torch\nimport os\nimport layers\n", Set.of("os", "layers"), "model.py").imports());
    SandboxViolation v = assertThrows(SandboxViolation.class,
        () -> inspect(HARDENED, "import torch\nimport os\nimport layers\n", Set.of("os", "layers"), "model.py"));
    assertEquals("forbidden imports: os", v.getMessage());
    assertEquals("prism:no-process", v.evidence().get(0).ruleId());
    assertEquals(Set.of("layers"), HARDENED.effectiveLocalRoots(Set.of("os", "json", "layers", "subprocess")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "from torch.hub import load_state_dict_from_url | prism:no-torch-escape",
      "import torch.hub as h | prism:no-torch-escape",
      "from torch.utils import cpp_extension | prism:no-torch-escape",
      "from torch import hub | prism:no-torch-escape",
      "from torch import load | prism:no-deserialization",
      "from torch import load as L | prism:no-deserialization",
      "from torch.serialization import load | prism:no-deserialization",
      "from torch import save | prism:no-filesystem",
      "import torch\\nx = torch.serialization.load('/x.pt') | prism:no-deserialization",
      "import torch\\nx = torch.jit.load('/x.pt') | prism:no-deserialization",
      "import torch as t\\nx = t.load('/x.pt') | prism:no-deserialization",
      "import torch as t\\nt.save(1, '/x.pt') | prism:no-filesystem",
      "import torch as t\\nx = t.hub.load('a', 'b') | prism:no-torch-escape",
      "from torch import serialization as s\\nx = s.load('/x.pt') | prism:no-deserialization",
      "from . import helpers | prism:no-forbidden-import",
      "from .. import helpers | prism:no-forbidden-import",
      "from prism_challenge.evaluator import container\\ncontainer.subprocess.run(['ls']) | prism:no-process",
      "import torch\\nx = torch.multiprocessing.Queue | prism:no-process",
  })
  void hardenedClosesTheReferenceGaps(String escaped, String expected) {
    onlyHardenedRejects(escaped, expected);
  }

  /** Spec §2.9: a blocked module imported from an allowed package that itself imported it. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "from prism_challenge.evaluator.static_instantiation import subprocess\\nsubprocess.run(['ls']) | prism:no-process",
      "from prism_challenge.evaluator.heldout import os\\nos.execv('/bin/sh', []) | prism:no-process",
      "from prism_challenge.evaluator.heldout import socket\\nsocket.create_connection(('x', 1)) | prism:no-network",
      "from prism_challenge.evaluator.heldout import tempfile\\ntempfile.mkdtemp() | prism:no-filesystem",
      "from torch.serialization import os as o\\no.getcwd() | prism:no-process",
      "from torch import io | prism:no-forbidden-import",
      "from collections import operator | prism:no-forbidden-import",
      "from torch import multiprocessing | prism:no-process",
      "from torch.nn.modules import signal | prism:no-process",
  })
  void hardenedRefusesBlockedModulesImportedFromAllowedPackages(String escaped, String expected) {
    assertEquals("ImportFrom", onlyHardenedRejects(escaped, expected).evidence().get(0).astNode());
  }

  /** The reference accepts {@code escaped} (with {@code \\n} for newlines); HARDENED rejects it with {@code expected}. */
  private static SandboxViolation onlyHardenedRejects(String escaped, String expected) {
    String code = escaped.replace("\\n", "\n");
    inspect(REFERENCE, code, Set.of(), "model.py");
    SandboxViolation v = assertThrows(SandboxViolation.class, () -> inspect(HARDENED, code, Set.of(), "model.py"));
    assertEquals(expected, v.evidence().get(0).ruleId(), v.getMessage());
    return v;
  }

  @Test
  void hardenedKeepsSubmodulesThatShareAStdlibName() {
    inspect(HARDENED, "from collections import abc\nfrom torch import random, signal, types, nn\nfrom prism_challenge import queue\n"
        + "from typing import Any\nfrom dataclasses import field\n", Set.of(), "model.py");
  }

  /** Aliases that rebind a blocked root's name: the reference's root-based check on the raw name still decides. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "from prism_challenge.evaluator.heldout import importlib\\nimportlib.util.spec_from_file_location('m', 'p') | prism:no-dynamic-import",
      "from prism_challenge.evaluator.x import pickle\\nx = pickle.loads(b'') | prism:no-deserialization",
      "from collections import operator\\nf = operator.attrgetter('x') | prism:no-dynamic-attr",
      "from torch import nn as torch\\nm = torch.hub.load('a', 'b') | prism:no-torch-escape",
      "import math as torch\\nx = torch.hub | prism:no-torch-escape",
  })
  void hardenedKeepsTheReferenceRuleWhenAnAliasRebindsABlockedRoot(String escaped, String expected) {
    String code = escaped.replace("\\n", "\n");
    SandboxViolation reference = assertThrows(SandboxViolation.class, () -> inspect(REFERENCE, code, Set.of(), "model.py"));
    SandboxViolation hardened = assertThrows(SandboxViolation.class, () -> inspect(HARDENED, code, Set.of(), "model.py"));
    assertEquals(expected, reference.evidence().get(0).ruleId());
    assertEquals(reference.getMessage(), hardened.getMessage());
    assertEquals(reference.evidence(), hardened.evidence());
  }

  /** Every snippet this class uses: HARDENED rejects whatever REFERENCE rejects, with the same violation. */
  @Test
  void hardenedViolationsContainTheReferenceViolationsOnEverySnippet() {
    List<String> corpus = new java.util.ArrayList<>(List.of("open(model.__class__)\n", "def f():\n    exec('x')\n\neval('y')\n",
        "import os\nimport numpy\nx = eval('1')\n", "import os\nimport numpy\nimport sys\n", "import socket" + CONTRACT,
        "import numpy" + CONTRACT, "x = '\u00e9\u00e9'; y = eval('\u20ac')\n", "getattr(x, f'sa' 've')\n",
        "setattr(x, 'a' * 2, 1)\n", "delattr(builtins, 'x')\n", "getattr(x)\ngetattr(x, 'forward', None)\nsetattr(x, f'', 1)\n",
        "import torch\nimport os\nimport layers\n", "def build_model(ctx):\n    return ctx.system\n",
        "def build_model(ctx):\n    return open('/etc/passwd').read()\n\ndef get_recipe(ctx):\n    return {}\n"));
    for (java.lang.reflect.Method m : getClass().getDeclaredMethods()) {
      CsvSource csv = m.getAnnotation(CsvSource.class);
      if (csv != null) {
        for (String row : csv.value()) {
          String snippet = row.substring(0, row.lastIndexOf('|')).strip().replace("\\n", "\n");
          corpus.add(m.getName().equals("blockedCallsAndAttributes") ? fn("    " + snippet) : snippet + "\n");
        }
      }
      ValueSource values = m.getAnnotation(ValueSource.class);
      if (values != null) {
        corpus.addAll(List.of(values.strings()));
      }
    }
    int rejected = 0;
    for (String code : corpus) {
      for (Set<String> roots : List.of(Set.<String>of(), Set.of("os", "layers", "helpers"))) {
        SandboxViolation reference = null;
        try {
          inspect(REFERENCE, code, roots, "model.py");
        } catch (SandboxViolation v) {
          reference = v;
        }
        if (reference != null) {
          rejected++;
          SandboxViolation hardened = assertThrows(SandboxViolation.class, () -> inspect(HARDENED, code, roots, "model.py"), code);
          assertTrue(hardened.evidence().containsAll(reference.evidence()), code);
          assertEquals(reference.getMessage(), hardened.getMessage(), code);
        }
      }
    }
    assertTrue(rejected > 100, "corpus exercises rejections: " + rejected);
  }

  @Test
  void hardenedStillAllowsTrustedCheckpointsAndLocalRelativeImports() {
    String code = "import torch as t\nfrom . import layers\nfrom .layers import head\n\ndef f(ctx, checkpoint_dir):\n"
        + "    t.save(1, ctx.artifacts_dir + '/a.pt')\n    return t.load(checkpoint_dir / 'm.pt')\n";
    inspect(HARDENED, code, Set.of("layers"), "model.py");
  }

  @Test
  void constantStringRules() {
    assertEquals("forbidden indirection: getattr to blocked symbol 'save'",
        violation(REFERENCE, "getattr(x, f'sa' 've')\n").getMessage());
    assertEquals("forbidden indirection: setattr with a dynamic attribute name",
        violation(REFERENCE, "setattr(x, 'a' * 2, 1)\n").getMessage());
    assertEquals("forbidden indirection: delattr on the builtins namespace",
        violation(REFERENCE, "delattr(builtins, 'x')\n").getMessage());
    inspect(REFERENCE, "getattr(x)\ngetattr(x, 'forward', None)\nsetattr(x, f'', 1)\n", Set.of(), "model.py");
  }
}
