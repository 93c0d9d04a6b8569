"""Writes the example run manifests `prism demo` scores, in the reference's format.

Usage: python3 make_demo_manifests.py REFERENCE_SRC OUT_DIR
Each manifest is assembled field by field as the reference runner writes it (byte-level stream,
seq_len 128, batch 4), amended by the host where held-out evaluation applies (compute block,
held-out keys, the reference scorer's replacement score block), and written with the reference's
json.dumps(manifest, sort_keys=True, indent=2). The loss curves are synthetic.
"""
import json, math, os, random, sys
sys.path.insert(0, sys.argv[1])
from prism_challenge.evaluator.scoring import build_compute_block, score_prequential_bpb

OUT = sys.argv[2]
SEQ, BATCH = 128, 4


def runner_manifest(sub, losses, bytes_per_token, vocab, basis, stopped="token_budget"):
    rng = random.Random(sub)
    predicted_per_batch = BATCH * (SEQ - 1)
    covered, cumulative = 0.0, []
    for _ in losses:
        covered += BATCH * SEQ * bytes_per_token
        cumulative.append(covered)
    nats = 0.0
    for loss in losses:
        nats += loss * predicted_per_batch
    covered_bytes = int(round(covered))
    bits = nats / math.log(2.0)
    bpb = bits / covered_bytes if covered_bytes > 0 and math.isfinite(bits) else None
    baseline = math.log(max(vocab, 2))
    step0 = losses[0] if losses else None
    anomaly = step0 is not None and step0 < 0.1 * baseline
    zero = len(losses) == 0 or covered_bytes <= 0
    final = (1.0 / (1.0 + bpb)) * (0.0 if anomaly else 1.0) if bpb is not None and bpb > 0 else None
    docs = max(1, len(losses) * 3 + rng.randint(0, 3)) if losses else 0
    return {
        "schema_version": "prism_run_manifest.v2",
        "submission_id": sub, "run_id": "prism-reexec-" + sub, "mode": "gpu_proxy_eval",
        "run": {"seed": 1337, "forced_init": True, "deterministic_algorithms": True, "world_size": 1,
                "rank": 0, "local_rank": 0, "device": "cpu", "master_addr": None,
                "nproc_per_node": 1, "stopped_reason": stopped if losses else None},
        "compute": build_compute_block(gpu_count=1, world_size=1, nproc_per_node=1, device="cpu"),
        "data": {"data_dir": "/data/fineweb-edu/train", "shard_count": 1, "available_bytes": 1048576,
                 "source": "locked-fineweb-edu-train", "random_token_fallback": False,
                 "single_pass": True, "covered_bytes": covered_bytes,
                 "covered_bytes_cumulative": cumulative, "consumed_documents": docs,
                 "consumed_batches": len(losses), "consumed_offsets": docs, "distinct_offsets": docs,
                 "stopped_reason": stopped if losses else None},
        "metrics": {"online_loss": losses, "step0_loss": step0, "random_init_baseline_nats": baseline,
                    "consumed_batches": len(losses), "covered_bytes": covered_bytes,
                    "predicted_tokens": predicted_per_batch * len(losses),
                    "tokens_seen": predicted_per_batch * len(losses),
                    "sum_neg_log_likelihood_nats": nats, "sum_neg_log2_likelihood_bits": bits,
                    "cumulative_codelength_bits": bits, "prequential_bpb": bpb, "bits_per_byte": bpb,
                    "total_bytes_covered": covered_bytes, "nan_inf_batches": 0,
                    "train_bpb_basis": basis, "model_params": 1050624},
        "score": {"schema": "prism_score.v2", "primary_metric": "prequential_bpb",
                  "prequential_bpb": bpb, "bits_per_byte": bpb, "final_score": final,
                  "lower_is_better": True, "covered_bytes": covered_bytes,
                  "total_bytes_covered": covered_bytes, "sum_neg_log2_likelihood_bits": bits,
                  "cumulative_codelength_bits": bits, "tokens_consumed": predicted_per_batch * len(losses),
                  "compute_normalization": "tokens_bytes", "wall_clock_term": False,
                  "train_bpb_basis": basis, "anti_cheat_multiplier": 0.0 if anomaly else 1.0,
                  "anomaly": anomaly, "miner_reported_ignored": True},
        "anti_cheat": {"step0_anomaly": anomaly, "step0_anomaly_threshold_nats": 0.1 * baseline,
                       "nan_inf_detected": False, "nan_inf_batches": 0, "no_learning": zero,
                       "zero_forward": zero},
        "artifacts": {"trained_state": None if zero else "trained_state.pt"},
        "miner_reported_ignored": True,
    }


def with_heldout(m, val_trained, val_random, converged):
    m = json.loads(json.dumps(m))
    m["compute"] = build_compute_block(gpu_count=1, world_size=1, nproc_per_node=1, device="cpu",
                                       max_gpu_count=8, model_params=1050624)
    gap = val_trained - converged
    delta = val_random - val_trained
    m["metrics"].update({"val_bpb_trained": val_trained, "val_bpb_random_init": val_random,
                         "heldout_delta": delta, "held_out_delta": delta,
                         "memorization_flag": gap > 1.0, "val_bpb_basis": "bytes",
                         "val_covered_bytes": 65536, "train_bpb_basis": "bytes",
                         "train_bpb_converged": converged, "gap_basis": "converged",
                         "train_heldout_gap": gap, "train_val_gap": gap})
    m["anti_cheat"].update({"memorization_flag": gap > 1.0, "memorization_gap": gap,
                            "train_heldout_gap": gap})
    m["score"] = score_prequential_bpb(m).manifest_score_block()
    return m


def curve(start, end, n, seed, noise=0.03):
    rng = random.Random(seed)
    return [end + (start - end) * math.exp(-4.0 * i / n) + rng.uniform(-noise, noise) for i in range(n)]


learner = with_heldout(runner_manifest("demo-learner", curve(5.58, 1.95, 60, 1), 1.0, 256, "bytes"),
                       2.81, 7.94, 2.55)
memorizer = with_heldout(runner_manifest("demo-memorizer", curve(5.55, 0.35, 60, 2), 1.0, 256, "bytes"),
                         4.62, 7.96, 0.41)
anomaly = runner_manifest("demo-step0-anomaly", curve(0.21, 0.18, 60, 3, 0.005), 1.0, 256, "bytes")
out_of_band = runner_manifest("demo-out-of-band", curve(10.9, 10.6, 40, 4, 0.02), 0.1, 50257, "tokenizer")
zero_forward = runner_manifest("demo-zero-forward", [], 1.0, 256, "bytes")
for name, m in [("learner", learner), ("memorizer", memorizer), ("step0-anomaly", anomaly),
                ("out-of-band", out_of_band), ("zero-forward", zero_forward)]:
    with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(m, sort_keys=True, indent=2))
    try:
        s = score_prequential_bpb(m)
        print(name, repr(s.bpb), repr(s.final_score), s.flags)
    except Exception as e:
        print(name, "FAILS", e)
