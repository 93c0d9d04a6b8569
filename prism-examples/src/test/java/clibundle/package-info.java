/** Roles compiled into Java bundles by the {@code prism run} CLI tests (outside {@code ai.prism}). */
package clibundle;
