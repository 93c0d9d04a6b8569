package clibundle;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.PrismContext;

/** A bigram model from DJL's stock blocks: one-hot tokens, then a linear layer to the vocabulary. */
public class OneHotArchitecture implements Architecture {
  @Override
  public Block build(PrismContext ctx) {
    int vocab = ctx.vocabSize();
    return new SequentialBlock()
        .add(x -> new NDList(x.head().oneHot(vocab)))
        .add(Linear.builder().setUnits(vocab).build());
  }
}
