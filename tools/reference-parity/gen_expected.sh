#!/usr/bin/env bash
# Regenerates prism-core/src/test/resources/parity/expected/ by running the reference runner's own
# stream code (see ref_stream.py) under CPython 3.11 (sequential sum) and 3.12 (compensated sum).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
res="$here/../../prism-core/src/test/resources/parity"
mkdir -p "$res/expected"
cd "$res"
for py in 3.11 3.12; do
  bin="${PY_ROOT:-/root/.pyenv/versions}/$( [ $py = 3.11 ] && echo 3.11.7 || echo 3.12.1 )/bin/python"
  python3 -c "import json;[print(json.dumps(c)) for c in json.load(open('cases.json'))]" | while read -r c; do
    name=$(python3 -c "import json,sys;print(json.loads(sys.argv[1])['name'])" "$c")
    "$bin" "$here/ref_stream.py" "$c" > "expected/$name.py$py.json"
  done
done
