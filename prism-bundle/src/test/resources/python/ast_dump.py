"""Dumps CPython's view of Python files for prism-java's parser fidelity test.

Reads one file path per line on stdin and writes one JSON object per line on stdout:
{"file": path, "dump": ast.dump(tree)} for a file that parses, {"file": path, "error": {"type",
"message", "line", "column"}} for one that does not. Every file is parsed from its bytes with
ast.parse(bytes), so CPython decodes it (BOM, PEP 263 coding declaration), as the Java side does.
With --attributes the dump includes positions (include_attributes=True).
"""
import ast
import json
import sys


def main():
    attributes = "--attributes" in sys.argv[1:]
    sys.setrecursionlimit(10000)
    out = sys.stdout
    for raw in sys.stdin:
        path = raw.rstrip("\n")
        if not path:
            continue
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            tree = ast.parse(data)
            row = {"file": path, "dump": ast.dump(tree, include_attributes=attributes)}
        except SyntaxError as exc:
            row = {"file": path, "error": {"type": type(exc).__name__, "message": exc.msg,
                                           "line": exc.lineno, "column": exc.offset}}
        except (RecursionError, MemoryError, ValueError) as exc:
            row = {"file": path, "error": {"type": type(exc).__name__, "message": str(exc),
                                           "line": None, "column": None}}
        out.write(json.dumps(row) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
