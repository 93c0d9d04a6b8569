/**
 * JMH benchmarks for scoring, bundles, the data plane and the capture runner.
 * Run with java -jar benchmarks/target/benchmarks.jar; results go to BENCHMARKS.md.
 */
package ai.prism.bench;
