"""Dev-only harness: the reference runner and `prism evaluate` train the tiny decoder side by side.

Both train the ~1.05M-parameter tiny decoder (the reference's examples/tiny-1m; prism-java's
`tiny-decoder` port) on the same byte-level corpus, with the same budget, batch, sequence length
and vocabulary, on the CPU with one thread, and this script prints bpb, step-0 loss and predicted
tokens per second of training for each (prism-java in its separate and fused capture modes).

Needs: python3 with torch (Debian's python3-torch), a local checkout of the reference at commit
6f3e1fb8a5ad5d8ed007334039a85a3168792c61 named by PRISM_REFERENCE_ROOT (nothing of it is stored in
this project: the runner is extracted from its container.py at run time), and a built `./prism`.

    PRISM_REFERENCE_ROOT=<checkout> /usr/bin/python3 tools/reference-parity/tiny_side_by_side.py \
        [--token-budget 200000] [--corpus DIR] [--skip-java] [--skip-reference]

The corpus defaults to the paragraphs of this machine's /usr/share/common-licenses (the 14 regular
files, sorted; one JSONL document per paragraph): English prose like the spec's §11 observation.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def licence_corpus(out: Path) -> Path:
    train = out / "train"
    train.mkdir(parents=True, exist_ok=True)
    files = sorted(f for f in glob.glob("/usr/share/common-licenses/*")
                   if os.path.isfile(f) and not os.path.islink(f))
    with open(train / "train-000.jsonl", "w", encoding="utf-8") as sink:
        for name in files:
            text = open(name, encoding="utf-8", errors="replace").read()
            for paragraph in text.split("\n\n"):
                if paragraph.strip():
                    sink.write(json.dumps({"text": paragraph}) + "\n")
    return train


def reference_runner_source(root: Path) -> str:
    src = (root / "src/prism_challenge/evaluator/container.py").read_text(encoding="utf-8")
    match = re.search(r"_CONTAINER_EVAL_SCRIPT = r'''(.*?)'''", src, re.S)
    if match is None:
        sys.exit("cannot find the runner script in the reference's container.py")
    return match.group(1)


def byte_level_training(root: Path) -> str:
    """The tiny-1m training loop, minus the gpt2 tokenizer (tiktoken is not available here)."""
    text = (root / "examples/tiny-1m/training.py").read_text(encoding="utf-8")
    text = text.replace('    tokenizer = ctx.reference_tokenizer("gpt2")\n', "")
    text = text.replace("tokenizer=tokenizer", "tokenizer=None")
    if "reference_tokenizer" in text or "tokenizer=None" not in text:
        sys.exit("the reference's training.py changed shape; update byte_level_training()")
    return text


def run_reference(root: Path, train: Path, budget: int, work: Path) -> dict:
    project = work / "project"
    project.mkdir()
    (project / "architecture.py").write_text(
        (root / "examples/tiny-1m/architecture.py").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "training.py").write_text(byte_level_training(root), encoding="utf-8")
    # The runner authors its observability-only compute block through the reference's pydantic
    # schema; a plain stand-in keeps this harness free of pydantic (the block is never scored).
    stub = work / "stub" / "prism_challenge" / "evaluator"
    stub.mkdir(parents=True)
    (stub.parent / "__init__.py").write_text("")
    (stub / "__init__.py").write_text("")
    (stub / "scoring.py").write_text(
        "def build_compute_block(**kw):\n    return dict(kw, schema='prism_compute.v1')\n")
    runner = work / "runner.py"
    runner.write_text(reference_runner_source(root), encoding="utf-8")
    artifacts = work / "artifacts"
    payload = {
        "submission_id": "side-by-side",
        "architecture_entrypoint": "architecture.py", "training_entrypoint": "training.py",
        "build_model_symbol": "build_model", "train_symbol": "train",
        "context": {"vocab_size": 4096, "sequence_length": 128, "seed": 1337,
                    "data_dir": str(train), "artifacts_dir": str(artifacts),
                    "token_budget": budget, "world_size": 1},
    }
    (work / "payload.json").write_text(json.dumps(payload), encoding="utf-8")
    env = dict(os.environ, PRISM_PROJECT_ROOT=str(project), PYTHONPATH=str(stub.parent.parent),
               OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    proc = subprocess.Popen([sys.executable, str(runner), str(work / "payload.json")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    started = ended = None
    for line in proc.stdout:
        if "calling train(ctx)" in line:
            started = time.monotonic()
        elif "train(ctx) returned" in line:
            ended = time.monotonic()
        elif "PRISM_RUNNER_ERROR" in line or "Traceback" in line:
            print(line, end="", file=sys.stderr)
    if proc.wait() != 0 or started is None or ended is None:
        sys.exit("the reference runner failed (exit %s)" % proc.returncode)
    manifest = json.loads((artifacts / "prism_run_manifest.v2.json").read_text(encoding="utf-8"))
    return summary(manifest, ended - started)


def run_java(train: Path, budget: int, work: Path, fused: bool) -> dict:
    out = work / ("java-out-fused" if fused else "java-out")
    started = time.monotonic()
    subprocess.run([str(REPO / "prism"), "evaluate", "--arch", "tiny-decoder", "--data", str(train),
                    "--token-budget", str(budget), "--device", "cpu", "--no-heldout",
                    "--out", str(out)] + (["--fused"] if fused else []),
                   check=True, stdout=subprocess.DEVNULL)
    manifest = json.loads((out / "prism_run_manifest.v2.json").read_text(encoding="utf-8"))
    report = (out / "report.md").read_text(encoding="utf-8")
    match = re.search(r"\| wall time \|\s*([0-9.]+)\s*s", report)
    seconds = float(match.group(1)) if match else time.monotonic() - started
    return summary(manifest, seconds)  # the runner's wall time: model build and manifest included


def summary(manifest: dict, train_seconds: float) -> dict:
    metrics = manifest["metrics"]
    return {"prequential_bpb": metrics["prequential_bpb"], "step0_loss": metrics["step0_loss"],
            "predicted_tokens": metrics["predicted_tokens"], "batches": metrics["consumed_batches"],
            "train_seconds": round(train_seconds, 2),
            "predicted_tokens_per_s": round(metrics["predicted_tokens"] / train_seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--token-budget", type=int, default=200_000)
    parser.add_argument("--corpus", type=Path, help="a train dir of JSONL shards (default: licences)")
    parser.add_argument("--skip-java", action="store_true")
    parser.add_argument("--skip-reference", action="store_true")
    args = parser.parse_args()
    root = Path(os.environ.get("PRISM_REFERENCE_ROOT", ""))
    if not (root / "src/prism_challenge/evaluator/container.py").is_file():
        sys.exit("set PRISM_REFERENCE_ROOT to a checkout of the reference")
    with tempfile.TemporaryDirectory(prefix="prism-side-by-side-") as tmp:
        work = Path(tmp)
        train = args.corpus or licence_corpus(work / "corpus")
        results = {}
        if not args.skip_reference:
            (work / "ref").mkdir()
            results["reference"] = run_reference(root, train, args.token_budget, work / "ref")
        if not args.skip_java:
            results["prism-java"] = run_java(train, args.token_budget, work, fused=False)
            results["prism-java --fused"] = run_java(train, args.token_budget, work, fused=True)
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
