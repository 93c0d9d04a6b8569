/**
 * The {@code prism} command line: one picocli command class per subcommand.
 * Machine-readable output goes to stdout, progress and diagnostics to stderr.
 */
package ai.prism.examples.cli;
