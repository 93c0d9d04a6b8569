"""Times CPython's ast.parse over the files named on stdin (sources read first); prints the best of 3 passes in seconds."""
import ast
import sys
import time

sources = [open(line.rstrip("\n"), encoding="utf-8").read() for line in sys.stdin if line.strip()]
for src in sources:  # warm-up pass
    ast.parse(src)
best = None
for _ in range(3):
    start = time.perf_counter()
    for src in sources:
        ast.parse(src)
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print(best)
