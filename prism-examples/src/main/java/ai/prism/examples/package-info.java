/**
 * Examples for prism-java: example models, JShell scripts and the demo corpus.
 * The prism CLI lives in ai.prism.examples.cli.
 */
package ai.prism.examples;
