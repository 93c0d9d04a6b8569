/**
 * Online-loss capture: the single-pass predict-then-train batch iterator a training loop consumes,
 * the challenge's own next-token loss and the record it keeps (spec §4.5–4.9).
 */
package ai.prism.core.capture;
