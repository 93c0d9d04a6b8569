/**
 * Roles compiled into Java bundles by the bundle and isolated-run tests; outside {@code ai.prism}
 * so a bundle's class loader defines them itself.
 */
package bundletest;
