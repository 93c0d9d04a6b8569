/**
 * Python-compatible JSON: an immutable value tree that keeps Python's int/float distinction, a
 * lenient reader and a writer byte-identical to {@code json.dumps}, plus Python's number and str
 * rules.
 */
package ai.prism.core.json;
