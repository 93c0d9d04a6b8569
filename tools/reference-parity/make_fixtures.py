"""Writes the parity fixture corpora (deterministic) under prism-core/src/test/resources/parity."""
import json, os, sys, random
out = sys.argv[1]
def w(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f: f.write(data)
def line(obj): return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(',', ':')).encode()

r = random.Random(1234)
words = ['the','light','prism','learns','from','scratch','caf\u00e9','na\u00efve','\u20ac','\U0001F600','\u00fcber','\u65e5\u672c','river','stone','quick','\u0434\u0430','x']
def text(n): return ' '.join(r.choice(words) for _ in range(n))

# 1. quirks: runner skip rules, newline kinds, whitespace, BOM, odd JSON
q = b''.join([
  b'\xef\xbb\xbf{"id":"bom","text":"first line after a BOM is skipped by json.loads"}\n',
  b'{"id":"a","text":"hello world, this is doc one."}\n',
  b'\n', b'   \t \n',
  b'{"text":"second"}\n', b'not json\n', b'{"text":""}\n', b'{"text":5}\n', b'{"text":null}\n',
  b'["text","list"]\n', b'"just a string"\n', b'42\n',
  b'{"id":"x","text":"caf\\u00e9 \xe2\x82\xac \xf0\x9f\x98\x80 end"}\r\n',
  b'{"text":"cr only"}\r',
  b'{"text":"dup first","text":"dup last wins"}\n',
  b'{"text":"dup string then number","text":7}\n',
  b'{"text":"nan ok","x":NaN,"y":-Infinity,"z":Infinity}\n',
  b'{"text":"bad -INF","x":-INF}\n',
  b'{"text":"nested ok","x":{"a":[1,2,{"b":null}]}}\n',
  b'{"text":"trailing garbage"} x\n', b'{"text":"two values"}{}\n',
  b'\x0b\x1c {"text":"python whitespace around"} \xc2\xa0\xe3\x80\x80\n',
  b'{"text":"escaped \\ud83d\\ude00 pair and \\n newline \\t tab \\" quote"}\n',
  b'{"te\\u0078t":"escaped key"}\n',
  b'{"text":"trailing comma",}\n', b'{"text":\'single\'}\n', b'{"text":"leading zero","n":01}\n',
  b'{"text":"big int","n":' + b'9' * 5000 + b'}\n',
  b'{"text":"ok int","n":' + b'9' * 300 + b'}\n',
  b'\x00{"text":"nul first"}\n',
  b'{"text":"control \x01 char"}\n',
  b'{"text":"del \x7f char ok"}\n',
  b'{"text":"last line no newline"}',
])
w(f'{out}/quirks/train-00000.jsonl', q)

# 2. multi: three shards with multi-byte text, an empty shard, an unrelated file
for s in range(3):
    lines = [line({'id': f'd{s}-{i}', 'text': text(r.randint(1, 40))}) for i in range(20)]
    w(f'{out}/multi/train-{s:05d}.jsonl', b'\n'.join(lines) + b'\n')
w(f'{out}/multi/train-00003.jsonl', b'')
w(f'{out}/multi/README.txt', b'not a shard\n')
w(f'{out}/multi/other.jsonl', line({'text': 'never read: train-*.jsonl matched first'}) + b'\n')

# 3. fallback *.jsonl (no train-*.jsonl)
w(f'{out}/plainjsonl/b.jsonl', line({'text': text(30)}) + b'\n')
w(f'{out}/plainjsonl/a.jsonl', line({'text': text(30)}) + b'\n' + line({'text': text(5)}) + b'\n')
w(f'{out}/plainjsonl/c.bin', line({'text': 'never read: *.jsonl matched first'}) + b'\n')

# 4. *.bin shards read as text (reference quirk)
w(f'{out}/binshards/x.bin', line({'text': text(25)}) + b'\n' + b'garbage line\n' + line({'text': text(25)}) + b'\n')

# 5. train/ sub-directory fallback
w(f'{out}/nested/train/t1.jsonl', line({'text': text(20)}) + b'\n')
w(f'{out}/nested/train/t0.jsonl', line({'text': text(20)}) + b'\n')
w(f'{out}/nested/notes.txt', b'ignored\n')
