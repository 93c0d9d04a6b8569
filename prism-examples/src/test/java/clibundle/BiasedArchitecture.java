package clibundle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.prism.core.run.PrismContext;

/** Smuggled knowledge: strongly predicts the byte 'a' from the first batch on. */
public class BiasedArchitecture extends OneHotArchitecture {
  @Override
  public Block build(PrismContext ctx) {
    return new SequentialBlock().add(super.build(ctx)).add(x -> {
      NDArray logits = x.head();
      NDArray bias = logits.getManager().zeros(logits.getShape().slice(2));
      bias.set(new NDIndex((long) 'a'), 5f);
      return new NDList(logits.add(bias));
    });
  }
}
