package ai.prism.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;

/** Realised parameter counts: lazy parameters skipped, tied parameters counted once. */
class ParameterCountTest {

  /** A block that registers one shared parameter under two names (tied weights). */
  private static final class Tied extends AbstractBlock {
    Tied(Parameter shared) {
      super((byte) 1);
      addParameter(shared);
      parameters.put("alias", shared);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      return inputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }
  }

  @Test
  void countsInitialisedParametersOnceAndSkipsLazyOnes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Linear linear = Linear.builder().setUnits(3).build();
      assertEquals(0, ParameterCount.realized(linear));
      linear.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
      assertEquals(4 * 3 + 3, ParameterCount.realized(linear));

      Parameter shared = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(5, 5)).build();
      Tied tied = new Tied(shared);
      SequentialBlock both = new SequentialBlock().add(tied).add(new Tied(shared));
      both.initialize(manager, DataType.FLOAT32, new Shape(1, 5));
      assertEquals(25, ParameterCount.realized(both));
      assertEquals(0, ParameterCount.realized(null));
    }
  }
}
