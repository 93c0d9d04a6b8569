"""Regenerates prism-scoring's reference_vectors.json by running the PRISM reference implementation.

Usage: python3 make_reference_vectors.py REFERENCE_SRC OUT.json
REFERENCE_SRC is the reference's src/ directory (the one holding prism_challenge/) at the pinned
commit; the scorer imports pydantic (for its schemas module), nothing else beyond the stdlib.
The inputs below are ours; every expected value is whatever the reference returns or raises.
"""
import json, math, os, sys
REF = sys.argv[1]
sys.path.insert(0, REF)
from prism_challenge.evaluator.scoring import (score_prequential_bpb, ScoreValidationError,
    LeaderboardRow, rank_leaderboard, dedupe_best_per_hotkey, leaderboard_rank_key)
# weights._normalize without importing the repository (aiosqlite): exec only the function.
src = open(os.path.join(REF, 'prism_challenge', 'weights.py')).read()
ns = {}
exec("from typing import SupportsFloat, cast\n" + src[src.index("def _normalize"):], ns)
normalize = ns["_normalize"]

LN2 = math.log(2.0)

_UNSET = object()
def manifest(bpb=None, covered=1000, nats=_UNSET, losses=(2.0, 1.5, 1.0), predicted=100,
             step0_anomaly=False, nan_inf=False, extra_metrics=None, extra_score=None,
             anti=None, data=None, drop=()):
    if nats is _UNSET:
        nats = bpb * covered * LN2
    metrics = {"online_loss": list(losses) if losses is not None else None, "sum_neg_log_likelihood_nats": nats,
               "covered_bytes": covered, "predicted_tokens": predicted, "step0_loss": 2.0,
               "consumed_batches": len(losses or ()), "random_init_baseline_nats": math.log(256),
               "nan_inf_batches": 1 if nan_inf else 0}
    metrics.update(extra_metrics or {})
    for k in drop:
        metrics.pop(k, None)
    m = {"schema_version": "prism_run_manifest.v2",
         "data": data if data is not None else {"covered_bytes": covered, "single_pass": True},
         "metrics": metrics,
         "anti_cheat": anti if anti is not None else {"step0_anomaly": step0_anomaly,
             "nan_inf_detected": nan_inf, "no_learning": False, "zero_forward": False},
         "miner_reported_ignored": True}
    if extra_score is not None:
        m["score"] = extra_score
    return m

cases = []
def case(name, m):
    cases.append((name, m))

# --- spec 9.6 / golden table 6.4 ---
case("bits100_bytes200", manifest(nats=100.0 * LN2, covered=200, losses=(2.5, 2.0, 1.5, 1.0), predicted=64))
case("nats37_bytes512", manifest(nats=37.0, covered=512))
case("good_20nats_400", manifest(nats=20.0, covered=400))
case("bad_200nats_400", manifest(nats=200.0, covered=400))
case("tokens50", manifest(nats=64.0, covered=300, predicted=50))
case("tokens400", manifest(nats=64.0, covered=300, predicted=400))
case("step0_anomaly", manifest(nats=1.0, covered=10000, step0_anomaly=True))
case("step0_anomaly_positive_delta", manifest(bpb=0.01, step0_anomaly=True, extra_metrics={"heldout_delta": 0.9, "held_out_delta": 0.9}))
case("zero_coverage", manifest(nats=10.0, covered=0))
case("infinite_nats", manifest(nats=float("inf"), covered=100))
case("empty_online_loss", manifest(nats=10.0, covered=100, losses=()))
case("normal_in_band", manifest(nats=50.0, covered=128))
case("bits100_bytes250", manifest(nats=100.0 * LN2, covered=250))
case("golden_bpb_0_5", manifest(bpb=0.5))
case("golden_delta_0_8", manifest(bpb=1.0, extra_metrics={"heldout_delta": 0.8, "held_out_delta": 0.8}))
case("golden_delta_0_1", manifest(bpb=1.0, extra_metrics={"heldout_delta": 0.1, "held_out_delta": 0.1}))
case("golden_delta_neg_0_5", manifest(bpb=1.0, extra_metrics={"heldout_delta": -0.5}))
case("golden_bpb_0_0001_delta_2", manifest(bpb=0.0001, extra_metrics={"heldout_delta": 2.0}))
case("golden_gap_2_5", manifest(bpb=1.0, extra_metrics={"heldout_delta": 0.3, "held_out_delta": 0.3, "train_heldout_gap": 2.5}))
case("gap_0_1", manifest(bpb=1.0, extra_metrics={"heldout_delta": 0.3, "held_out_delta": 0.3, "train_heldout_gap": 0.1}))
case("golden_val_4_no_bases", manifest(bpb=1.0, extra_metrics={"val_bpb_trained": 4.0}))
case("golden_val_4_tokenizer_vs_bytes", manifest(bpb=1.0, extra_metrics={"val_bpb_trained": 4.0, "train_bpb_basis": "tokenizer", "val_bpb_basis": "bytes"}))
case("golden_bpb_70", manifest(bpb=70.0))
case("heldout_recorded", manifest(bpb=1.0, extra_metrics={"heldout_delta": 0.4, "held_out_delta": 0.4, "val_bpb_trained": 2.6, "val_bpb_random_init": 3.0, "train_heldout_gap": 0.2}))
case("equal_bpb2_delta_0_8", manifest(bpb=2.0, extra_metrics={"heldout_delta": 0.8}))
case("equal_bpb2_delta_0_1", manifest(bpb=2.0, extra_metrics={"heldout_delta": 0.1}))
case("bpb_0_50_delta_0", manifest(bpb=0.5, extra_metrics={"heldout_delta": 0.0}))
case("bpb_0_60_delta_1", manifest(bpb=0.6, extra_metrics={"heldout_delta": 1.0}))
case("bpb_5_delta_neg1", manifest(bpb=5.0, extra_metrics={"heldout_delta": -1.0}))
case("bpb_5_03_delta_1", manifest(bpb=5.03, extra_metrics={"heldout_delta": 1.0}))
case("anti_learner", manifest(bpb=4.0, extra_metrics={"heldout_delta": -0.5}))
case("noop_baseline", manifest(bpb=3.0, extra_metrics={"heldout_delta": 0.0}))
case("gpt2_vs_bytes_val8", manifest(bpb=1.0, extra_metrics={"heldout_delta": 0.3, "val_bpb_trained": 8.0, "train_bpb_basis": "gpt2", "val_bpb_basis": "bytes"}))
case("bytes_bytes_val4", manifest(bpb=1.0, extra_metrics={"heldout_delta": 0.3, "val_bpb_trained": 4.0, "train_bpb_basis": "bytes", "val_bpb_basis": "bytes"}))
case("converged_0_2", manifest(bpb=2.5, extra_metrics={"val_bpb_trained": 3.0, "val_bpb_random_init": 3.2, "heldout_delta": 0.2, "train_bpb_converged": 0.2, "gap_basis": "converged"}))
case("converged_bypasses_bases", manifest(bpb=1.0, extra_metrics={"val_bpb_trained": 3.0, "train_bpb_converged": 0.3, "gap_basis": "converged", "train_bpb_basis": "gpt2", "val_bpb_basis": "bytes"}))
case("converged_benign", manifest(bpb=1.5, extra_metrics={"val_bpb_trained": 1.4, "val_bpb_random_init": 2.6, "heldout_delta": 1.2, "train_bpb_converged": 1.2, "gap_basis": "converged"}))
case("converged_surfaced", manifest(bpb=1.0, extra_metrics={"val_bpb_trained": 3.0, "train_bpb_converged": 0.4, "gap_basis": "converged"}))
case("tokenizers_1_00", manifest(bpb=1.00, covered=8192, predicted=2000))
case("tokenizers_1_02", manifest(bpb=1.02, covered=8192, predicted=2400))
case("tokenizers_0_98", manifest(bpb=0.98, covered=8192, predicted=3100))
case("determinism_1_234", manifest(bpb=1.234, covered=4096, predicted=1000, extra_metrics={"heldout_delta": 0.4, "val_bpb_trained": 2.6, "val_bpb_random_init": 3.0, "train_heldout_gap": 0.2}))
case("end_to_end_4096_2200", manifest(nats=2200.0, covered=4096))

# --- reference quirks and robustness gaps (spec 11) ---
case("numeric_string_nats", manifest(nats=" 1_234.5 ", covered=1000))
case("bool_nats", manifest(nats=True, covered=10))
case("null_nats", manifest(nats=None, covered=1000))
case("list_nats", manifest(nats=[1.0], covered=1000))
case("bad_string_nats", manifest(nats="abc", covered=1000))
case("absent_nats", manifest(nats=1.0, covered=1000, drop=("sum_neg_log_likelihood_nats",)))
case("nan_nats", manifest(nats=float("nan"), covered=1000))
case("negative_nats", manifest(nats=-5.0, covered=1000))
case("string_false_anomaly", manifest(bpb=1.0, anti={"step0_anomaly": "false"}))
case("nan_anomaly", manifest(bpb=1.0, anti={"step0_anomaly": float("nan")}))
case("zero_anomaly_nan_inf_str", manifest(bpb=1.0, anti={"step0_anomaly": 0, "nan_inf_detected": "0"}))
case("anti_cheat_list", manifest(bpb=1.0, anti=[1]))
case("nan_inf_flag", manifest(bpb=1.0, nan_inf=True))
case("all_flags", manifest(bpb=80.0, anti={"step0_anomaly": True, "nan_inf_detected": True}, extra_metrics={"val_bpb_trained": 90.0}))
case("float_covered_bytes", manifest(nats=100.0, covered=512.7, data={"covered_bytes": 3}))
case("negative_float_covered", manifest(nats=100.0, covered=-0.5, data={"covered_bytes": 3}))
case("metrics_zero_no_fallthrough", manifest(nats=100.0, covered=0, data={"covered_bytes": 500}))
case("metrics_string_falls_to_data", manifest(nats=100.0, covered="512", data={"covered_bytes": 500}))
case("metrics_null_falls_to_data", manifest(nats=100.0, covered=None, data={"covered_bytes": 500.9}))
case("bool_covered_falls_to_data", manifest(nats=100.0, covered=True, data={"covered_bytes": 250}))
case("no_covered_anywhere", manifest(nats=100.0, covered="x", data=[]))
case("nan_covered", manifest(nats=100.0, covered=float("nan")))
case("inf_covered", manifest(nats=100.0, covered=float("inf")))
case("huge_int_covered", manifest(nats=100.0, covered=10**400))
case("big_int_covered", manifest(nats=1e30, covered=10**30))
case("huge_float_covered", manifest(nats=1e300, covered=1e300))
case("online_loss_not_list", manifest(bpb=1.0, losses=None))
case("online_loss_junk_items", manifest(bpb=1.0, losses=(None, "x", float("nan"))))
case("metrics_not_object", {"metrics": [1, 2]})
case("metrics_absent", {"data": {"covered_bytes": 5}})
case("predicted_null_no_fallback", manifest(bpb=1.0, extra_metrics={"predicted_tokens": None, "tokens_seen": 77}))
case("predicted_absent_tokens_seen", manifest(bpb=1.0, drop=("predicted_tokens",), extra_metrics={"tokens_seen": 77}))
case("predicted_string", manifest(bpb=1.0, extra_metrics={"predicted_tokens": " 12 "}))
case("predicted_float", manifest(bpb=1.0, extra_metrics={"predicted_tokens": 99.9}))
case("predicted_bad_string", manifest(bpb=1.0, extra_metrics={"predicted_tokens": "12.5"}))
case("predicted_empty_list", manifest(bpb=1.0, extra_metrics={"predicted_tokens": []}))
case("predicted_list", manifest(bpb=1.0, extra_metrics={"predicted_tokens": [1]}))
case("predicted_nan", manifest(bpb=1.0, extra_metrics={"predicted_tokens": float("nan")}))
case("predicted_huge", manifest(bpb=1.0, extra_metrics={"predicted_tokens": 10**400}))
case("predicted_bool", manifest(bpb=1.0, extra_metrics={"predicted_tokens": True}))
case("step0_bool", manifest(bpb=1.0, extra_metrics={"step0_loss": True}))
case("step0_string", manifest(bpb=1.0, extra_metrics={"step0_loss": "2.0"}))
case("step0_huge", manifest(bpb=1.0, extra_metrics={"step0_loss": 10**400}))
case("explicit_flag_across_bases_ignored", manifest(bpb=1.0, extra_metrics={"memorization_flag": True, "train_bpb_basis": "tokenizer", "val_bpb_basis": "bytes"}))
case("explicit_flag_same_bases", manifest(bpb=1.0, extra_metrics={"memorization_flag": True}))
case("explicit_flag_string_no", manifest(bpb=1.0, extra_metrics={"memorization_flag": "no"}))
case("explicit_flag_in_anti_cheat", manifest(bpb=1.0, anti={"step0_anomaly": False, "memorization_flag": 1}))
case("explicit_flag_in_score", manifest(bpb=1.0, extra_score={"memorization_flag": [0]}))
case("heldout_in_score_only", manifest(bpb=1.0, extra_score={"heldout_delta": 0.7, "val_bpb_trained": 1.5, "train_val_gap": 0.25, "gap_basis": "prequential"}))
case("metrics_null_falls_to_score", manifest(bpb=1.0, extra_metrics={"heldout_delta": None, "held_out_delta": 0.2}, extra_score={"heldout_delta": 0.9}))
case("metrics_alias_before_score", manifest(bpb=1.0, extra_metrics={"held_out_delta": 0.2}, extra_score={"heldout_delta": 0.9}))
case("bool_delta_ignored", manifest(bpb=1.0, extra_metrics={"heldout_delta": True}))
case("string_delta_ignored", manifest(bpb=1.0, extra_metrics={"heldout_delta": "0.5"}, extra_score={"heldout_delta": 0.5}))
case("inf_delta_ignored", manifest(bpb=1.0, extra_metrics={"heldout_delta": float("inf"), "val_bpb_trained": float("nan")}))
case("huge_int_delta", manifest(bpb=1.0, extra_metrics={"heldout_delta": 10**400}))
case("int_delta", manifest(bpb=1.0, extra_metrics={"heldout_delta": 3}))
case("gap_basis_converged_without_value", manifest(bpb=1.0, extra_metrics={"gap_basis": "converged", "val_bpb_trained": 2.5, "train_bpb_basis": "tokenizer", "val_bpb_basis": "bytes"}))
case("empty_string_bases", manifest(bpb=1.0, extra_metrics={"val_bpb_trained": 2.5, "train_bpb_basis": "", "val_bpb_basis": "bytes"}))
case("gap_exactly_1", manifest(bpb=1.0, extra_metrics={"val_bpb_trained": 2.0}))
case("explicit_gap_overrides_derived", manifest(bpb=1.0, extra_metrics={"val_bpb_trained": 5.0, "train_heldout_gap": 0.5}))
case("sane_gap_negative_delta_penalty", manifest(bpb=0.3, extra_metrics={"heldout_delta": -3.0, "train_heldout_gap": 1.5}))
case("tiny_bpb_huge_delta", manifest(bpb=1e-12, extra_metrics={"heldout_delta": 50.0}))
case("bpb_exactly_64", manifest(nats=64.0 * 1000 * LN2, covered=1000))
case("int_nats", manifest(nats=12345, covered=999))
# property A2 at the band's edge: bpb more than the band apart, deltas pulling both scores into one 1e-9 bucket
A2_LOW = manifest(bpb=60.0, extra_metrics={"heldout_delta": -50.0})
A2_HIGH = manifest(bpb=60.005 + 1e-8, extra_metrics={"heldout_delta": 50.0})
case("a2_edge_low_bpb_60_delta_neg50", A2_LOW)
case("a2_edge_high_bpb_60_005_delta_50", A2_HIGH)

out = {"generator": "reference evaluator/scoring.py score_prequential_bpb (CPython %s)" % sys.version.split()[0],
       "scoring": [], "leaderboard": []}
for name, m in cases:
    entry = {"name": name, "manifest": m}
    try:
        s = score_prequential_bpb(m)
        entry["ok"] = True
        entry["bpb"] = s.bpb
        entry["final_score"] = s.final_score
        entry["flags"] = list(s.flags)
        entry["tokens_consumed"] = s.tokens_consumed
        entry["covered_bytes"] = s.covered_bytes
        entry["step0_loss"] = s.step0_loss
        try:
            entry["metrics_payload"] = s.metrics_payload()
        except Exception as e:
            entry["payload_error"] = type(e).__name__ + ": " + str(e)
        entry["score_block"] = s.manifest_score_block()
    except ScoreValidationError as e:
        entry["ok"] = False
        entry["reasons"] = list(e.reasons)
    except Exception as e:
        entry["ok"] = False
        entry["crash"] = type(e).__name__ + ": " + str(e)
    out["scoring"].append(entry)

# --- leaderboard / weights ---
def rows(*specs):
    return [LeaderboardRow(*s) for s in specs]
T1, T2, T3 = "2024-01-01T00:00:00+00:00", "2024-01-02T00:00:00+00:00", "2024-01-03T00:00:00+00:00"
big = score_prequential_bpb(manifest(bpb=1.0, covered=4096, predicted=1000, extra_metrics={"heldout_delta": 0.8})).final_score
small = score_prequential_bpb(manifest(bpb=1.0, covered=4096, predicted=1000, extra_metrics={"heldout_delta": 0.1})).final_score
f = lambda b: 1.0 / (1.0 + max(0.0, b))
boards = {
  "bpb_beats_commit_time": rows(("high-bpb", "a", f(2.0), T1), ("low-bpb", "b", f(0.5), T2)),
  "equal_score_earliest_commit": rows(("sub-late", "a", 0.5, T2), ("sub-early", "b", 0.5, T1)),
  "equal_score_earliest_commit_reversed": rows(("sub-early", "b", 0.5, T1), ("sub-late", "a", 0.5, T2)),
  "within_epsilon": rows(("sub-late", "a", 0.5 + 1e-9 / 100.0, T2), ("sub-early", "b", 0.5, T1)),
  "differ_1e_11": rows(("sub-late", "a", 0.5 + 1e-11, T2), ("sub-early", "b", 0.5, T1)),
  "same_score_and_time_by_id": rows(("sub-b", "a", 0.5, T1), ("sub-a", "b", 0.5, T1)),
  "delta_not_collapsed": rows(("big-delta-late", "a", big, T2), ("small-delta-early", "b", small, T1)),
  "best_not_sum": rows(("a-worse", "a", 0.2, T1), ("a-better", "a", 0.8, T1), ("b-only", "b", 1.0, T1)),
  "distinct_sum_to_one": rows(("a", "a", 0.3, T1), ("b", "b", 0.7, T1), ("c", "c", 1.0, T1)),
  "supersede_pair": rows(("alice-worse", "alice", 0.2, T1), ("alice-better", "alice", 0.8, "2024-01-01T00:01:00+00:00"), ("bob-only", "bob", 1.0, T1)),
  "dedupe_before_limit": rows(("alice-best", "alice", 0.9, T1), ("alice-second", "alice", 0.8, T2), ("bob-only", "bob", 0.7, T3), ("carol-only", "carol", 0.6, "2024-01-04T00:00:00+00:00")),
  "dedupe_higher_even_if_later": rows(("worse", "hk", f(2.0), T1), ("better", "hk", f(0.5), T2)),
  "dedupe_equal_earliest": rows(("late", "hk", 0.5, T2), ("early", "hk", 0.5, T1)),
  "dedupe_equal_by_id": rows(("sub-b", "hk", 0.5, T1), ("sub-a", "hk", 0.5, T1)),
  "dedupe_respects_delta": rows(("big-delta-late", "hk", big, T2), ("small-delta-early", "hk", small, T1)),
  "end_to_end_single": rows(("sub", "hk", score_prequential_bpb(manifest(nats=2200.0, covered=4096)).final_score, T1)),
  "api_0_625": rows(("s1", "hk1", 0.625, T1), ("s2", "hk2", f(1.0), T2)),
  "non_finite_bucket_zero": rows(("nan", "a", float("nan"), T1), ("inf", "b", float("inf"), T2), ("ninf", "c", float("-inf"), T1), ("zero", "d", 0.0, T3), ("tiny", "e", 4e-10, T3), ("neg", "f", -0.1, T1)),
  "z_vs_offset_strings": rows(("z", "a", 0.5, "2024-01-01T00:00:00Z"), ("o", "b", 0.5, "2024-01-01T00:00:00+00:00"), ("later-offset", "c", 0.5, "2024-01-01T00:00:01+00:00")),
  "infinite_score_weights": rows(("inf", "a", float("inf"), T1), ("x", "b", 0.5, T1), ("y", "c", 0.0, T1)),
  "two_infinite_weights": rows(("i1", "a", float("inf"), T1), ("i2", "b", float("inf"), T2), ("n", "c", float("nan"), T1)),
  "all_zero_weights": rows(("a", "a", 0.0, T1), ("b", "b", -1.0, T1), ("c", "c", float("nan"), T1)),
  "nan_row_same_hotkey": rows(("nan", "a", float("nan"), T1), ("real", "a", 0.3, T2), ("b", "b", 0.6, T1)),
  "bucket_rounding_edges": rows(("h1", "a", 0.5000000005, T1), ("h2", "b", 0.5000000004999999, T1), ("h3", "c", 0.5000000015, T2), ("h4", "d", 0.50000000149, T1)),
  "unicode_ids_code_point": rows(("\U0001F600", "a", 0.5, T1), ("\uffff", "b", 0.5, T1), ("\u00e9", "c", 0.5, T1), ("z", "d", 0.5, T1)),
  "many_hotkeys_sum_order": rows(*[("s%d" % i, "h%d" % (i % 7), 0.1 + 0.37 * ((i * 7919) % 13) / 13.0 + i * 1e-3, "2024-01-01T00:00:%02d+00:00" % (i % 60)) for i in range(40)]),
  "huge_score_overflow": rows(("huge", "a", 1e300, T1), ("b", "b", 0.5, T1)),
  "huge_score_lone_row": rows(("huge", "a", 1e300, T1)),
  "huge_score_same_hotkey_later": rows(("b", "a", 0.5, T1), ("huge", "a", 1e300, T2)),
  "huge_score_same_hotkey_first": rows(("huge", "a", 1e300, T1), ("b", "a", 0.5, T2)),
  "a2_edge_same_bucket_commit_time": rows(("high-bpb-early", "h1", score_prequential_bpb(A2_HIGH).final_score, T1),
                                          ("low-bpb-late", "h2", score_prequential_bpb(A2_LOW).final_score, T2)),
  "huge_but_finite_bucket": rows(("h", "a", 1e290, T1), ("b", "b", 0.5, T1)),
  "empty": [],
}
for name, rs in boards.items():
    entry = {"name": name, "rows": [{"submission_id": r.submission_id, "hotkey": r.hotkey, "final_score": r.final_score, "accepted_at": r.accepted_at} for r in rs]}
    # each path on its own: the reference computes rank keys lazily in dedupe (only against a kept
    # row of the same hotkey), so a score that overflows the grid can crash one path and not another
    as_dicts = lambda rs: [{"hotkey": r.hotkey, "id": r.submission_id, "final_score": r.final_score} for r in rs]
    def survivors():
        return dedupe_best_per_hotkey(rs)
    outcomes = {
        "ranked": lambda: [r.submission_id for r in rank_leaderboard(rs)],
        "deduped_first_seen": lambda: [r.submission_id for r in survivors()],
        "deduped": lambda: [r.submission_id for r in rank_leaderboard(survivors())],
        "weights": lambda: normalize(as_dicts(survivors())),
        "weights_all_rows": lambda: normalize(as_dicts(rs)),
    }
    for key, run in outcomes.items():
        try:
            entry[key] = run()
        except Exception as e:
            entry[key + "_crash"] = type(e).__name__ + ": " + str(e)
    out["leaderboard"].append(entry)

json.dump(out, open(sys.argv[2], "w"), indent=1, sort_keys=True)
print(sum(1 for e in out["scoring"] if e["ok"]), "ok of", len(out["scoring"]))
for e in out["scoring"]:
    if not e["ok"]: print(e["name"], e.get("reasons") or e.get("crash"))
    elif "payload_error" in e: print(e["name"], "payload:", e["payload_error"])
for e in out["leaderboard"]:
    for k in sorted(k for k in e if k.endswith("_crash")): print(e["name"], k, e[k])
