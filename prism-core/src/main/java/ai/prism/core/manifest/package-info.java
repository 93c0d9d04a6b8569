/**
 * The run manifest {@code prism_run_manifest.v2.json} (spec §5): typed, lossless views of every
 * block, builders for authoring and amending it, the reference's on-disk format, and validation.
 */
package ai.prism.core.manifest;
