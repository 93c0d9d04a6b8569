/**
 * Core of prism-java: the run manifest, the data plane, the capture runner and their shared error type.
 * Sub-packages own one concern each; this package holds only what they all share.
 */
package ai.prism.core;
