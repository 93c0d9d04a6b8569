"""Runs the reference's prepare_locked_dataset on a fixed document set (mirrored in
LockedCorpusWriterParityTest) and prints the MANIFEST.json it writes. Needs dataset.py and
data_prep.py from the reference mirror in PRISM_REFERENCE_DIR (default /tmp/ref)."""
import os, sys, tempfile, types
ref = os.environ.get('PRISM_REFERENCE_DIR', '/tmp/ref')
pkg = types.ModuleType('refpkg'); pkg.__path__ = [ref]; sys.modules['refpkg'] = pkg
from refpkg.data_prep import prepare_locked_dataset

class Counter:
    name = 'test-tokenizer'
    fingerprint = 'a' * 64
    def count_tokens(self, text): return len(text.split())

def docs():
    out = [(f'doc-{i:06d}', f'Document number {i} about prisms, light, and learning curves.') for i in range(600)]
    specials = ['caf\u00e9 cr\u00e8me', '\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8', 'emoji \U0001F600 x',
                'quote " backslash \\ slash /', 'ctrl \x01\x1f tab\t nl\n cr\r ff\x0c bs\x08', 'del \x7f u2028 \u2028 nbsp \u00a0', '']
    for i, t in enumerate(specials):
        out.append((f'\u00e9-{i}' if i % 2 else f'\U0001F600-{i}', t))
    out.append(('doc-000001', 'duplicate id: the first text wins'))
    return out

with tempfile.TemporaryDirectory() as d:
    prepare_locked_dataset(docs(), d, token_counter=Counter(), docs_per_shard=64, source_doc_limit=600)
    sys.stdout.write(open(os.path.join(d, 'MANIFEST.json'), encoding='utf-8').read())
