/**
 * The run: {@link ai.prism.core.run.PrismContext}, the Java two-role contract, forced initialisation,
 * Java bundles, the in-process and isolated runners, failure classification and manifest authoring.
 */
package ai.prism.core.run;
