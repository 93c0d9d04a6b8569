/**
 * The data plane: locked corpus layout and MANIFEST.json, both shard readers, the deterministic
 * token/batch stream with budgets and byte accounting (spec §3), and corpus preparation.
 */
package ai.prism.core.data;
