"""Regenerates golden-asts.json: CPython's ast.dump of each construct in constructs.txt.

Run with CPython 3.11 (and 3.12 for the py312 dumps):
  python3.11 golden.py 311 && python3.12 golden.py 312
Snippets in constructs.txt are separated by lines holding only '----'.
"""
import ast
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
version = sys.argv[1]
snippets = open(os.path.join(here, "constructs.txt"), encoding="utf-8").read().split("\n----\n")
path = os.path.join(here, "golden-asts.json")
rows = json.load(open(path, encoding="utf-8")) if os.path.exists(path) else []
by_src = {r["src"]: r for r in rows}
out = []
for src in snippets:
    row = by_src.get(src, {"src": src})
    try:
        tree = ast.parse(src)
        row["py" + version] = {
            "dump": ast.dump(tree),
            "compact": ast.dump(tree, annotate_fields=False),
            "attrs": ast.dump(tree, include_attributes=True),
        }
    except SyntaxError as e:
        row["py" + version] = {"error": [type(e).__name__, e.msg, e.lineno, e.offset]}
    out.append(row)
json.dump(out, open(path, "w", encoding="utf-8"), indent=1, ensure_ascii=False)
