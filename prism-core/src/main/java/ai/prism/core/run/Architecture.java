package ai.prism.core.run;

import ai.djl.nn.Block;

/**
 * The architecture role: builds the model as a DJL {@link Block} from the context. Implementations
 * need a public no-argument constructor when they are named in a bundle's {@code prism.yaml}.
 *
 * <p>The block may come back uninitialised; the runner initialises its parameters for an
 * {@code (1, sequenceLength)} int64 input right after {@code build}, under the forced seed.
 * Parameters that only exist after the first forward (created lazily) are allowed and counted
 * against the parameter cap once the first forward has run.
 */
@FunctionalInterface
public interface Architecture {
  /** Builds a fresh model for {@code ctx}; called once per {@code buildModel}. */
  Block build(PrismContext ctx);
}
