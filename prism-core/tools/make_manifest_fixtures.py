"""Regenerates prism-core's manifest fixtures (runner.json, heldout.json, odd.json) in OUT_DIR.

Usage: python3 make_manifest_fixtures.py REFERENCE_SRC OUT_DIR
The manifests are built the way the reference runner and host build them, the compute and score
blocks by the reference's own build_compute_block and score_prequential_bpb, and every file is
written with the reference's json.dumps(manifest, sort_keys=True, indent=2).
"""
import json, math, os, sys
sys.path.insert(0, sys.argv[1])
OUT = sys.argv[2]
from prism_challenge.evaluator.scoring import score_prequential_bpb, build_compute_block

online_loss = [5.545177444479562, 4.98125, 4.3, 3.9876543210987654, 1e-05, 3.25]
covered_cum = [32.0, 64.0, 96.5, 128.0, 160.25, 192.0]
predicted = 6 * 30
sum_nll = sum(l * 30 for l in online_loss)
covered = int(round(covered_cum[-1]))
bits = sum_nll / math.log(2.0)
bpb = bits / covered
step0 = online_loss[0]
baseline = math.log(256)
runner = {
    "schema_version": "prism_run_manifest.v2",
    "submission_id": "sub-\u00e9t\u00e9-\U0001F600",
    "run_id": "prism-reexec-sub-\u00e9t\u00e9-\U0001F600",
    "mode": "gpu_proxy_eval",
    "run": {"seed": 1337, "forced_init": True, "deterministic_algorithms": True, "world_size": 1,
            "rank": 0, "local_rank": 0, "device": "cpu", "master_addr": None, "nproc_per_node": 1,
            "stopped_reason": "token_budget"},
    "compute": build_compute_block(gpu_count=1, world_size=1, nproc_per_node=1, device="cpu"),
    "data": {"data_dir": "/data/fineweb-edu/train", "shard_count": 2,
             "available_bytes": 12345678901234567890123, "source": "locked-fineweb-edu-train",
             "random_token_fallback": False, "single_pass": True, "covered_bytes": covered,
             "covered_bytes_cumulative": covered_cum, "consumed_documents": 7,
             "consumed_batches": 6, "consumed_offsets": 7, "distinct_offsets": 7,
             "stopped_reason": "token_budget"},
    "metrics": {"online_loss": online_loss, "step0_loss": step0,
                "random_init_baseline_nats": baseline, "consumed_batches": 6,
                "covered_bytes": covered, "predicted_tokens": predicted, "tokens_seen": predicted,
                "sum_neg_log_likelihood_nats": sum_nll, "sum_neg_log2_likelihood_bits": bits,
                "cumulative_codelength_bits": bits, "prequential_bpb": bpb, "bits_per_byte": bpb,
                "total_bytes_covered": covered, "nan_inf_batches": 0, "train_bpb_basis": "bytes",
                "model_params": 1048576},
    "score": {"schema": "prism_score.v2", "primary_metric": "prequential_bpb",
              "prequential_bpb": bpb, "bits_per_byte": bpb, "final_score": 1.0 / (1.0 + bpb),
              "lower_is_better": True, "covered_bytes": covered, "total_bytes_covered": covered,
              "sum_neg_log2_likelihood_bits": bits, "cumulative_codelength_bits": bits,
              "tokens_consumed": predicted, "compute_normalization": "tokens_bytes",
              "wall_clock_term": False, "train_bpb_basis": "bytes", "anti_cheat_multiplier": 1.0,
              "anomaly": False, "miner_reported_ignored": True},
    "anti_cheat": {"step0_anomaly": False, "step0_anomaly_threshold_nats": 0.1 * baseline,
                   "nan_inf_detected": False, "nan_inf_batches": 0, "no_learning": False,
                   "zero_forward": False},
    "artifacts": {"trained_state": "trained_state.pt"},
    "miner_reported_ignored": True,
}
with open(os.path.join(OUT, 'runner.json'), 'w', encoding='utf-8') as f:
    f.write(json.dumps(runner, sort_keys=True, indent=2))

m = json.loads(json.dumps(runner))
# host: compute block re-authoring (leased 1 of max 8)
m["compute"] = build_compute_block(gpu_count=1, world_size=1, nproc_per_node=1, device="cpu",
                                   max_gpu_count=8, model_params=1048576)
# host: held-out merge (as_metrics + anti_cheat), then scorer replacement block
val_trained, val_random, converged = 4.75, 8.0, 2.5
gap = val_trained - converged
m["metrics"].update({"val_bpb_trained": val_trained, "val_bpb_random_init": val_random,
                     "heldout_delta": val_random - val_trained, "held_out_delta": val_random - val_trained,
                     "memorization_flag": gap > 1.0, "val_bpb_basis": "bytes", "val_covered_bytes": 65536,
                     "train_bpb_basis": "bytes", "train_bpb_converged": converged, "gap_basis": "converged",
                     "train_heldout_gap": gap, "train_val_gap": gap})
m["anti_cheat"]["memorization_flag"] = gap > 1.0
m["anti_cheat"]["memorization_gap"] = gap
m["anti_cheat"]["train_heldout_gap"] = gap
m["score"] = score_prequential_bpb(m).manifest_score_block()
# fields a later reference version might add: must survive a Java round trip untouched
m["x_future_block"] = {"note": "caf\u00e9 \u2603 \"quoted\" \\ back\tslash\u0001\u007f",
                       "values": [1e16, 1.5e-7, -0.0, 100.0, 0.0001, 12345678901234567890, True, None, [], {}],
                       "nested": {"B": 1, "a": 2, "\u00e9": 3, "\U0001F600": 4, "\uffff": 5, "Z": 6}}
m["metrics"]["x_extra_metric"] = 2.5e-320
with open(os.path.join(OUT, 'heldout.json'), 'w', encoding='utf-8') as f:
    f.write(json.dumps(m, sort_keys=True, indent=2))
s = score_prequential_bpb(m)
print(repr(s.final_score), s.flags, repr(s.bpb))

m = json.loads(json.dumps(runner))
m["metrics"]["covered_bytes"] = 512.7
m["data"]["covered_bytes"] = "512"
m["metrics"]["sum_neg_log_likelihood_nats"] = "  1_234.5  "
m["metrics"]["online_loss"] = [float("nan"), float("inf"), float("-inf"), 2.0, True, "3.0", None]
m["metrics"]["step0_loss"] = True
m["metrics"]["predicted_tokens"] = 10**30
m["anti_cheat"]["step0_anomaly"] = "false"
m["anti_cheat"]["nan_inf_detected"] = 0.0
m["run"]["world_size"] = 1.0
m["compute"]["world_size"] = 0
m["compute"]["unexpected"] = "x"
m["mode"] = "turbo"
m["artifacts"] = []
with open(os.path.join(OUT, 'odd.json'), 'w', encoding='utf-8') as f:
    f.write(json.dumps(m, sort_keys=True, indent=2))
