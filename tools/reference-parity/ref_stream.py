"""Dev-only harness: runs the reference runner's stream code (extracted verbatim at run time) without torch."""
import json, sys, types, math, time, os
# PRISM_REFERENCE_CONTAINER_PY names the reference's src/prism_challenge/evaluator/container.py at
# commit 6f3e1fb8a5ad5d8ed007334039a85a3168792c61 (a local checkout; nothing of it is stored in this project).
src = open(os.environ['PRISM_REFERENCE_CONTAINER_PY']).read()
start = src.index('def _resolve_train_shards(data_dir):')
end = src.index('data_dir = context_data.get("data_dir")')
shards_src = src[start:end]
cstart = src.index('class _OnlineLossCapture:')
cend = src.index('# --- challenge-owned interface module')
cls_src = src[cstart:cend]

class FakeTensor:
    def __init__(self, ids): self.ids = ids
    def remainder(self, v): return FakeTensor([i % v for i in self.ids])
    def view(self, r, c): self.shape = (r, c); return self
    def to(self, d): return self
torch = types.ModuleType('torch')
torch.tensor = lambda ids, dtype=None: FakeTensor(list(ids))
torch.long = 'long'
torch.device = lambda *a: 'cpu'
sys.modules['torch'] = torch
class Fail(Exception): pass
def _fail(reason): raise Fail(reason)
ns = {'json': json, 'math': math, 'time': time, 'sys': sys, 'Path': __import__('pathlib').Path,
      '_fail': _fail, 'WORST_CASE_LOSS_MULTIPLIER': 2.0, 'interface': types.SimpleNamespace(),
      '_PrismBatch': lambda tokens: types.SimpleNamespace(tokens=tokens)}
exec(shards_src, ns)
exec(cls_src, ns)
Cap = ns['_OnlineLossCapture']
class Capture(Cap):
    def _predict_loss(self, model, tokens): return 1.0
    def _check_param_cap(self, model): pass
class Model:
    def parameters(self): return iter([])

class DictTok:
    def __init__(self, table): self.table = table
    def encode(self, text): return self.table[text]

cfg = json.loads(sys.argv[1])
try:
    shards = ns['_resolve_train_shards'](cfg['data_dir'])
except Fail as e:
    print(json.dumps({'error': str(e)})); sys.exit(0)
class CharTok:
    def encode(self, text): return [ord(c) for c in text]
class WordTok:
    def encode(self, text): return [len(w) for w in text.split(' ')]
tok = {'chars': CharTok(), 'words': WordTok()}.get(cfg.get('tokenizer'))
if cfg.get('tokens_file'):
    table = {}
    with open(cfg['tokens_file'], encoding='utf-8') as f:
        for line in f:
            rec = json.loads(line); table[rec['text']] = rec['ids']
    tok = DictTok(table)
cap = Capture(shards=shards, vocab_size=cfg.get('vocab', 4096), seq_len=cfg.get('seq_len', 1024),
              batch_size=cfg.get('batch_size', 8), baseline_nats=1.0, token_budget=cfg.get('token_budget'),
              step_budget=cfg.get('step_budget'), tokenizer=tok, device='cpu')
brk = cfg.get('break_after')
batches = []
try:
    for i, b in enumerate(cap.iterate(Model())):
        batches.append({'shape': list(b.tokens.shape), 'ids_head': b.tokens.ids[:4], 'ids_sum': sum(b.tokens.ids)})
        if brk is not None and i + 1 >= brk:
            break
except Exception as e:
    print(json.dumps({'crash': type(e).__name__ + ': ' + str(e)})); sys.exit(0)
dist = len({tuple(x) for x in cap.shard_offsets})
out = {
    'data_dir': str(cfg['data_dir']), 'shard_count': len(shards), 'available_bytes': sum(p.stat().st_size for p in shards),
    'source': 'locked-fineweb-edu-train', 'random_token_fallback': False, 'single_pass': True,
    'covered_bytes': int(round(cap.covered_bytes)), 'covered_bytes_cumulative': cap.covered_bytes_cumulative,
    'consumed_documents': cap.consumed_documents, 'consumed_batches': cap.consumed_batches,
    'consumed_offsets': len(cap.shard_offsets), 'distinct_offsets': dist, 'stopped_reason': cap.stopped_reason,
    'predicted_tokens': cap.predicted_tokens, 'consumed_tokens': cap.consumed_tokens, 'covered_bytes_float': cap.covered_bytes,
    'batches': batches if cfg.get('batches') else None,
    'offsets': cap.shard_offsets if cfg.get('batches') else None,
}
print(json.dumps(out, sort_keys=True, indent=2))
