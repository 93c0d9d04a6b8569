package ai.prism.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Gated MLP {@code down(silu(gate(x)) * up(x))} with bias-free projections, as in the reference's tiny
 * decoder. Gate and up are stored as one {@code (2 * hidden, dim)} weight (rows [0, hidden) are the gate),
 * so both run as one matrix multiply; with the same fan-in, the same U(-1/sqrt(dim), 1/sqrt(dim))
 * initialisation and element-wise AdamW this trains exactly like two separate layers.
 */
final class SwiGluMlp extends AbstractBlock {
  private final long hidden;
  private final Parameter gateUp;
  private final Parameter down;

  SwiGluMlp(long dim, long hidden) {
    this.hidden = hidden;
    this.gateUp = addParameter(Params.linearWeight("gate_up", 2 * hidden, dim));
    this.down = addParameter(Params.linearWeight("down", dim, hidden));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDList halves =
        Linear.linear(x, ps.getValue(gateUp, x.getDevice(), training)).head().split(new long[] {hidden}, x.getShape().dimension() - 1);
    NDArray g = halves.get(0);
    NDArray activated = g.mul(g.getNDArrayInternal().sigmoid()).mul(halves.get(1));
    return Linear.linear(activated, ps.getValue(down, x.getDevice(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
