/**
 * The reference's AST-similarity multiplier and duplicate/plagiarism features as a pure API:
 * pairwise scores between two resolved bundles and the duplicate gate's outcome.
 */
package ai.prism.bundle.similarity;
