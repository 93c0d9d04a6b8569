/**
 * Held-out evaluation (spec §7): the trained model against its random-init twin on the secret val
 * split, the memorization gap, and the manifest amendment and re-score that carry them.
 */
package ai.prism.core.heldout;
