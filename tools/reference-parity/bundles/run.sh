#!/usr/bin/env bash
# Developer tool (not run by CI): generates the parity bundles, runs the reference's static phase and
# `prism validate` on them, and compares the verdicts. Needs python3 (3.11, with PyYAML and the
# reference's other imports) and PRISM_REFERENCE_SRC=<reference checkout>/src; see README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
out="${1:-$(mktemp -d)}"
: "${PRISM_REFERENCE_SRC:?set PRISM_REFERENCE_SRC to the src directory of a reference checkout}"
python3 "$here/make_bundles.py" "$out/bundles"
python3 "$here/reference_verdicts.py" "$out"/bundles/*.zip > "$out/reference.jsonl"
"$root/prism" validate --policy reference "$out"/bundles/*.zip > "$out/prism.jsonl" || true
python3 "$here/compare.py" "$out/reference.jsonl" "$out/prism.jsonl"
