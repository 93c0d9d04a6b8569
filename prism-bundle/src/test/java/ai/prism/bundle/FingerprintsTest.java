package ai.prism.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints (spec §1.5) bit-identical to the reference's: expected hashes were computed by the reference's
 * {@code component_fingerprints}, {@code snapshot_from_named_sources} and {@code build_semantic_signature}
 * under CPython 3.11 on the same files (unicode text, decorators, f-strings, match, async, an unparsable
 * component file, a non-Python component file and a file Python's tokenizer cannot finish).
 */
class FingerprintsTest {
  private static Snapshot snapshot() {
    return ContractResolverTest.snapshot(
        "proj/prism.yaml", "architecture:\n  entrypoint: model/arch.py\n  files: [model/layers.py, notes.md]\ntraining:\n  entrypoint: train/loop.py::run\ntokenizer: gpt2\n",
        "proj/model/arch.py", "# -*- coding: utf-8 -*-\n\"\"\"Caf\u00e9 model \u2014 \ud83d\ude00.\"\"\"\nimport torch\nfrom torch import nn\n\n\nclass Net(nn.Module, object):\n    scale: float = 1.5e-3\n\n    def __init__(self, vocab):\n        super().__init__()\n        self.emb = nn.Embedding(vocab, 16)\n        self.head = nn.Linear(16, vocab, bias=False)\n        self.mix = torch.nn.MultiheadAttention(16, 2, batch_first=True)\n\n    @torch.no_grad()\n    def forward(self, x, *rest, key=None, **kw):\n        y = self.emb(x)\n        z = [i ** 2 for i in range(3) if i]\n        label = f'{len(z):>4} \u00e9 {y!r}'\n        return self.head(y).topk(2)[0] if key is None else lambda q: q @ y\n\n\nasync def helper(a, /, b=2):\n    async with a as c:\n        await c\n\n\ndef build_model(ctx):\n    match ctx:\n        case {'v': v}:\n            return Net(v)\n        case _:\n            return Net(ctx.vocab_size)\n",
        "proj/model/layers.py", "def broken(:\n    pass\n",
        "proj/notes.md", "# Notes\n\nA *tiny* model.\n",
        "proj/train/loop.py", "import torch\nfrom model.arch import build_model\n\n\ndef run(ctx):\n    m = build_model(ctx)\n    for step, batch in enumerate(ctx.iter_train_batches(m, batch_size=4)):\n        loss = m(batch.tokens).sum()\n        loss.backward()\n    return {'steps': step, 'x': 0x1F, 'y': 1_000, 'z': 3j, 'b': b'\\x00\\xff', 'n': None, 'e': ...}\n",
        "proj/README.txt", "unterminated '''\n");
  }

  @Test
  void componentSnapshotAndGraphHashesMatchTheReference() {
    ResolvedBundle bundle = ContractResolver.resolve(snapshot());
    assertEquals(List.of("proj/model/arch.py", "proj/model/layers.py", "proj/notes.md"), bundle.architectureFiles());
    assertEquals(List.of("proj/train/loop.py"), bundle.trainingFiles());
    assertEquals("run", bundle.trainSymbol());
    assertEquals("gpt2", bundle.tokenizer());
    Fingerprints f = Fingerprints.of(bundle, "abc");
    assertEquals("374a9c29618fc4b17f6a45239e480a2f829c509eae331ddbf678d216914b9589", f.archFingerprint());
    assertEquals("812868aee5cbf880b70a400a6916065a1e52dafd97a33bc5283a584e99c1124f", f.trainingHash());
    assertEquals("7627ff206471003adae3c65fc3a29889d1108f3df6a3d1bd20e5d730d241f309", f.snapshotFingerprint());
    assertEquals("46d5a4c9ac8bb3d30d9e5c0161dbab875fe4f0cc89b7970778e3ac38560d9fc6", f.architectureGraphHash());
    assertEquals("747aca5148585988f604574bb461ab3ec6b79992e2fe739820d2c71f7b18fe4e", f.entrypointCodeHash());
    assertEquals("abc", f.codeHash());
    assertEquals(6, f.files().size());
  }

  @Test
  void snapshotFeaturesMatchTheReferenceCounts() {
    SnapshotFeatures features = SnapshotFeatures.of(snapshot());
    assertEquals(81, features.astFeatures().size());
    assertEquals(324, features.tokenShingles().size());
    assertEquals(true, features.astFeatures().contains("syntax_error:invalid syntax"));
    assertEquals(true, features.astFeatures().contains("ext:.md"));
  }
}
