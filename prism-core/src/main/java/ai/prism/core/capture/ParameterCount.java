package ai.prism.core.capture;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The realised parameter count of a scored model (spec §4.9), DJL edition: the sum of element
 * counts over the block tree's parameters, each {@link Parameter} object counted once (a parameter
 * registered in two places, or two parameters holding the same array, i.e. tied weights, count
 * once), skipping parameters without an array yet (lazy: they are counted once the first forward
 * has created them) and parameters whose shape is unknown. Listing failures count as 0, as in the
 * reference.
 */
final class ParameterCount {
  private ParameterCount() {}

  static long realized(Block block) {
    if (block == null) {
      return 0;
    }
    try {
      Set<Parameter> seenParameters = Collections.newSetFromMap(new IdentityHashMap<>());
      Set<NDArray> seenArrays = Collections.newSetFromMap(new IdentityHashMap<>());
      long total = 0;
      for (Pair<String, Parameter> entry : block.getParameters()) {
        Parameter parameter = entry.getValue();
        if (parameter == null || !seenParameters.add(parameter) || !parameter.isInitialized()) {
          continue;
        }
        NDArray array = parameter.getArray();
        if (array == null || !seenArrays.add(array)) {
          continue;
        }
        long size = array.getShape().size();
        if (size > 0) {
          total += size;
        }
      }
      return total;
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
