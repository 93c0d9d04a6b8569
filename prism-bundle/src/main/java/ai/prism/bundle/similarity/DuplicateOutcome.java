package ai.prism.bundle.similarity;

/** The duplicate gate's decision for a pair, as the reference's v2 pipeline applies it (spec §8.2). */
public enum DuplicateOutcome {
  /** Below the thresholds: no objection. */
  ALLOW,
  /** Score at least 0.85 (or graph similarity at least 0.82): the reference folds this into a terminal reject. */
  QUARANTINE,
  /** The submitted {@code code} strings hash identically: "exact source hash duplicate of an existing submission". */
  REJECT
}
