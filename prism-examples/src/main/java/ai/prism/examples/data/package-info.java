/**
 * The demo corpus behind {@code prism demo}: English prose generated deterministically from
 * material written for this project, materialized as a verified locked corpus.
 */
package ai.prism.examples.data;
