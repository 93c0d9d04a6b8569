/**
 * Submission bundles: safe snapshots of zips and directories, the prism.yaml two-script contract and fingerprints.
 * Static gates (sandbox, distributed contract) run on the AST of ai.prism.bundle.python; no DJL here.
 */
package ai.prism.bundle;
