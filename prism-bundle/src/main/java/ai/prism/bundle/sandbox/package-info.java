/**
 * The reference's static gates on parsed Python: the AST sandbox, the distributed (multi-GPU) contract
 * with the single-node bound, and the review-phase regex pre-filter; each reports typed evidence.
 */
package ai.prism.bundle.sandbox;
