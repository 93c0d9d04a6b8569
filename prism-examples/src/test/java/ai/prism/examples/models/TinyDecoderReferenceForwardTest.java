package ai.prism.examples.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DJL port against a literal double-precision transcription of the reference's {@code TinyDecoderLM.forward}
 * (examples/tiny-1m/architecture.py) on the same weights: qkv.chunk(3) then view(b, t, heads, head_dim), scores
 * scaled after q·kᵀ, masked_fill(-inf) above the diagonal, softmax, heads concatenated, proj; gated MLP
 * down(silu(gate(x)) * up(x)); pre-norm residuals; final RMSNorm; head tied to the embedding.
 */
class TinyDecoderReferenceForwardTest {
  private static final int V = 50;
  private static final int C = 16;
  private static final int H = 4;
  private static final int HD = C / H;
  private static final int HIDDEN = 4 * C;
  private static final int LAYERS = 2;
  private static final double EPS = 1e-6;

  private final Map<String, float[]> weights = new HashMap<>();

  private float[] w(String suffix) {
    return weights.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).findFirst().orElseThrow().getValue();
  }

  private static double[][] rmsNorm(double[][] x, float[] scale) {
    double[][] out = new double[x.length][C];
    for (int t = 0; t < x.length; t++) {
      double variance = 0;
      for (int c = 0; c < C; c++) {
        variance += x[t][c] * x[t][c];
      }
      double inverse = 1 / Math.sqrt(variance / C + EPS);
      for (int c = 0; c < C; c++) {
        out[t][c] = x[t][c] * inverse * scale[c];
      }
    }
    return out;
  }

  /** x (T, in) times W(out, in) transposed: PyTorch's bias-free Linear. */
  private static double[][] linear(double[][] x, float[] weight, int out) {
    int in = x[0].length;
    double[][] y = new double[x.length][out];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < out; o++) {
        double sum = 0;
        for (int i = 0; i < in; i++) {
          sum += x[t][i] * weight[o * in + i];
        }
        y[t][o] = sum;
      }
    }
    return y;
  }

  private double[][] referenceForward(long[] tokens) {
    int n = tokens.length;
    float[] embedding = w("token_emb");
    double[][] x = new double[n][C];
    for (int t = 0; t < n; t++) {
      for (int c = 0; c < C; c++) {
        x[t][c] = embedding[(int) tokens[t] * C + c];
      }
    }
    for (int layer = 0; layer < LAYERS; layer++) {
      String p = "block" + layer + "_";
      double[][] qkv = linear(rmsNorm(x, w(p + "01norm_attn_weight")), w(p + "02attn_qkv"), 3 * C);
      double[][] context = new double[n][C];
      for (int head = 0; head < H; head++) {
        for (int i = 0; i < n; i++) {
          double[] scores = new double[n];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < n; j++) {
            if (j > i) {
              scores[j] = Double.NEGATIVE_INFINITY;
              continue;
            }
            double dot = 0;
            for (int d = 0; d < HD; d++) {
              dot += qkv[i][head * HD + d] * qkv[j][C + head * HD + d];
            }
            scores[j] = dot * Math.pow(HD, -0.5);
            max = Math.max(max, scores[j]);
          }
          double total = 0;
          for (int j = 0; j < n; j++) {
            scores[j] = Math.exp(scores[j] - max);
            total += scores[j];
          }
          for (int j = 0; j < n; j++) {
            for (int d = 0; d < HD; d++) {
              context[i][head * HD + d] += scores[j] / total * qkv[j][2 * C + head * HD + d];
            }
          }
        }
      }
      double[][] attention = linear(context, w(p + "02attn_proj"), C);
      for (int t = 0; t < n; t++) {
        for (int c = 0; c < C; c++) {
          x[t][c] += attention[t][c];
        }
      }
      double[][] gateUp = linear(rmsNorm(x, w(p + "03norm_mlp_weight")), w(p + "04mlp_gate_up"), 2 * HIDDEN);
      double[][] activated = new double[n][HIDDEN];
      for (int t = 0; t < n; t++) {
        for (int k = 0; k < HIDDEN; k++) {
          double g = gateUp[t][k];
          activated[t][k] = g / (1 + Math.exp(-g)) * gateUp[t][HIDDEN + k];
        }
      }
      double[][] mlp = linear(activated, w(p + "04mlp_down"), C);
      for (int t = 0; t < n; t++) {
        for (int c = 0; c < C; c++) {
          x[t][c] += mlp[t][c];
        }
      }
    }
    return linear(rmsNorm(x, w("norm_final_weight")), embedding, V);
  }

  @Test
  void computesTheReferenceForward() {
    Engine.getInstance().setRandomSeed(7);
    try (NDManager manager = NDManager.newBaseManager()) {
      TinyDecoder decoder = new TinyDecoder(new TinyDecoder.Config(V, C, H, LAYERS, 4, 0.13f, 1e-6f));
      decoder.initialize(manager, DataType.FLOAT32, new Shape(1, 7));
      for (Pair<String, Parameter> p : decoder.getParameters()) {
        NDArray array = p.getValue().getArray();
        // Non-trivial norm scales, so a wrong scale would show.
        if (array.getShape().dimension() == 1) {
          array.stopGradient().addi(manager.randomUniform(-0.5f, 0.5f, array.getShape()));
        }
        weights.put(p.getKey(), array.toFloatArray());
      }
      long[] tokens = {3, 17, 42, 3, 0, 49, 17, 8, 21, 5, 5, 30, 12, 1};
      NDArray logits = decoder.forward(new ParameterStore(manager, false),
          new NDList(manager.create(tokens, new Shape(2, 7))), false).head();
      for (int row = 0; row < 2; row++) {
        long[] sequence = java.util.Arrays.copyOfRange(tokens, row * 7, row * 7 + 7);
        double[][] expected = referenceForward(sequence);
        float[] actual = logits.get(row).toFloatArray();
        for (int t = 0; t < 7; t++) {
          for (int v = 0; v < V; v++) {
            assertEquals(expected[t][v], actual[t * V + v], 1e-4, "row " + row + " position " + t + " token " + v);
          }
        }
      }
    }
  }
}
