"""Compares reference verdicts (reference_verdicts.py) with `prism validate` lines, bundle by bundle.

Usage: python3 compare.py REFERENCE.jsonl JAVA.jsonl; exit 1 when any bundle differs in accepted, stage,
rule ids (in order) or reason text.
"""
import json
import os
import sys


def load(path, rules_of):
    rows = {}
    with open(path) as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                rows[os.path.basename(row["path"])] = (row.get("accepted"), row.get("stage"), rules_of(row), row.get("reason"))
    return rows


def main(reference_path, java_path):
    reference = load(reference_path, lambda r: r["rules"])
    java = load(java_path, lambda r: [v["rule"] for v in r.get("violations", [])])
    differences = 0
    for name in sorted(reference):
        ref = reference[name]
        mine = java.get(name)
        same = mine is not None and mine == ref
        differences += not same
        print(("same " if same else "DIFF ") + name + ": reference " + json.dumps(ref[:3]) + (
            "" if same else " / prism " + json.dumps(mine[:3] if mine else None) + "\n    reference reason: "
            + str(ref[3]) + "\n    prism reason:     " + str(mine[3] if mine else None)))
    print(f"{len(reference) - differences}/{len(reference)} bundles agree")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
