package bundletest;

import ai.djl.nn.Block;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.Bigram;
import ai.prism.core.run.PrismContext;

/** A bigram model over the context's vocabulary. */
public class BigramArchitecture implements Architecture {
  @Override
  public Block build(PrismContext ctx) {
    return new Bigram(ctx.vocabSize());
  }
}
