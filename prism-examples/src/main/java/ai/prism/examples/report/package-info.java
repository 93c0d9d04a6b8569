/**
 * Human-readable outputs of a run: the loss-curve PNG (online loss and running bpb against bytes) and report.md.
 * {@link ai.prism.examples.report.RunReport} writes both next to the manifest; its recorder collects the curve.
 */
package ai.prism.examples.report;
