"""Runs the reference's static phase on zip uploads and prints one JSON verdict per line.

Usage: PRISM_REFERENCE_SRC=<checkout>/src python3 reference_verdicts.py [--metadata JSON] BUNDLE.zip...

<checkout> is the reference repository BaseIntelligence/prism at commit
6f3e1fb8a5ad5d8ed007334039a85a3168792c61; nothing of it is stored in this project. The steps and their
order follow PrismWorker._process_container with default settings, minus the forced-seed
instantiation (Python execution), the LLM call and the duplicate gate: intake, snapshot, contract,
sandbox, distributed, review (regex pre-filter), execution_mode. Each line is
{"path", "accepted", "stage", "reason", "rules"}.
"""
import base64
import json
import os
import re
import sys

sys.path.insert(0, os.environ["PRISM_REFERENCE_SRC"])

from prism_challenge.evaluator import llm_review, source_similarity  # noqa: E402
from prism_challenge.evaluator.components import component_fingerprints, project_components  # noqa: E402
from prism_challenge.evaluator.distributed_contract import check_distributed_contract, enforce_single_node_bound  # noqa: E402
from prism_challenge.evaluator.modes import execution_mode_from_value  # noqa: E402
from prism_challenge.evaluator.sandbox import SandboxViolation, inspect_code  # noqa: E402

FILENAME = re.compile(r"^[A-Za-z0-9_.-]+\.(py|zip)$")
MAX_CODE_BYTES = 7_500_000


def metadata_value(metadata, *keys):
    """The worker's _metadata_value (queue.py, which needs the web stack to import): first non-None value."""
    return next((metadata[k] for k in keys if metadata.get(k) is not None), None)


def verdict(path, metadata):
    filename = os.path.basename(path)
    with open(path, "rb") as handle:
        raw = handle.read()
    code = raw.decode("utf-8", errors="replace") if filename.endswith(".py") else base64.b64encode(raw).decode("ascii")
    if not filename.endswith((".py", ".zip")):
        filename = "submission.zip"
    if not FILENAME.match(filename) or not code or len(code.encode("utf-8")) > MAX_CODE_BYTES:
        return "intake", "rejected at intake", []
    stage = "snapshot"
    try:
        snapshot = source_similarity.snapshot_from_submission(code, filename, metadata)
        stage = "contract"
        components = project_components(snapshot)
        component_fingerprints(components)
        entry = next((f for f in snapshot.files if f.path == components.entrypoint), None)
        if entry is None:
            raise ValueError(f"Prism project entrypoint not found: {components.entrypoint}")
        primary = entry.content
        stage = "sandbox"
        roots = {os.path.splitext(os.path.basename(f.path))[0] for f in snapshot.python_files}
        roots.discard("__init__")
        first = next((f for f in snapshot.python_files if f.content == primary), None)
        inspect_code(primary, require_contract=False, allowed_import_roots=roots,
                     artifact_path=first.path if first else "model.py")
        for f in snapshot.python_files:
            if f.content != primary:
                inspect_code(f.content, require_contract=False, allowed_import_roots=roots, artifact_path=f.path)
        stage = "distributed"
        training_entry = components.training_entrypoint or "training.py"
        training = next((f.content for f in snapshot.python_files if f.path == training_entry), "")
        if training:
            check_distributed_contract(training, artifact_path=training_entry, policy="reject")
        enforce_single_node_bound(metadata_value(metadata, "gpu_count", "num_gpus", "requested_gpu_count", "gpus"),
                                  num_nodes=metadata_value(metadata, "num_nodes", "nnodes", "nodes"), max_gpu_count=8)
    except SandboxViolation as exc:
        return stage, str(exc), [e.rule_id for e in exc.evidence]
    except Exception as exc:  # noqa: BLE001 - the worker turns every exception into a rejection
        return stage, str(exc), []
    evidence = llm_review._static_evidence(snapshot.combined_python())
    if evidence:
        return "review", "submission violates Prism safety rules", [e.rule_id for e in evidence]
    try:
        execution_mode_from_value(metadata.get("execution_mode"))
    except ValueError as exc:
        return "execution_mode", str(exc), []
    return "execution_mode", None, []


def main(argv):
    metadata = {}
    if argv[:1] == ["--metadata"]:
        metadata = json.loads(argv[1])
        argv = argv[2:]
    for path in argv:
        stage, reason, rules = verdict(path, dict(metadata))
        print(json.dumps({"path": path, "accepted": reason is None, "stage": stage, "reason": reason, "rules": rules}))


if __name__ == "__main__":
    main(sys.argv[1:])
