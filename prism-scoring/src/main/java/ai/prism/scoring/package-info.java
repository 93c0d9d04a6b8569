/**
 * Prequential bits-per-byte scoring of a run manifest, held-out tie-break, memorization penalty, leaderboard and weights.
 * Pure functions of the manifest in double arithmetic; never loads DJL natives.
 */
package ai.prism.scoring;
