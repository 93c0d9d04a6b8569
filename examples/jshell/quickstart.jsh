// quickstart: define a small language model, train it from scratch in one pass over the demo corpus
// while prism records its online loss, and score it. Run: ./prism jshell examples/jshell/quickstart.jsh

// 1. The locked demo corpus (2.3 MB of English prose), written once and reused.
Path corpus = DemoCorpus.materialize(Path.of(System.getProperty("java.io.tmpdir"), "prism-demo-corpus")).root();

// 2. A model is any DJL Block mapping int64 tokens (batch, time) to logits (batch, time, vocab).
class TinyMlpLm extends AbstractBlock {
  final int vocab;
  final Parameter embedding, hidden;
  TinyMlpLm(int vocab, int dim) {
    this.vocab = vocab;
    embedding = addParameter(Parameter.builder().setName("emb").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(vocab, dim)).optInitializer(new NormalInitializer(0.1f)).build());
    hidden = addParameter(Parameter.builder().setName("hidden").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(dim, dim)).optInitializer(new XavierInitializer()).build());
  }
  @Override protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
    NDArray tokens = in.head();
    NDArray table = ps.getValue(embedding, tokens.getDevice(), training);
    NDArray x = Embedding.embedding(tokens, table, SparseFormat.DENSE).head();
    x = Linear.linear(x, ps.getValue(hidden, tokens.getDevice(), training)).head().tanh();
    return Linear.linear(x, table); // output head tied to the embedding
  }
  @Override public Shape[] getOutputShapes(Shape[] in) { return new Shape[] {in[0].add(vocab)}; }
}

// 3. One scored pass: the built-in AdamW recipe on gpt2 tokens, 100k tokens, outputs in a temp directory.
//    (JShell runs a line as soon as it is a complete statement: continued lines end with ',' or '('.)
Path out = Files.createTempDirectory("prism-quickstart");
CurveRecorder curve = new CurveRecorder();
RunOptions.Builder options = Runner.builder().dataDir(corpus.resolve("train")).artifactsDir(out).listener(curve);
options.vocabSize(4096).sequenceLength(64).tokenBudget(100_000L);
AdamWRecipe recipe = Recipes.adamW(0.003, 0.01, 1.0, 8, null).toBuilder().referenceTokenizer("gpt2").fused(true).build();
RunResult run = options.build().run(ctx -> new TinyMlpLm(ctx.vocabSize(), 64), recipe);

// 4. Score it and write report.md + loss-curve.png next to the manifest.
Score score = new PrequentialScorer().score(run.manifest());
RunReport.write(out, run, score, curve.records(), Map.of("model", "TinyMlpLm(dim 64)"));
System.out.printf("prequential bpb %.4f, final score %.4f after %d batches; outputs in %s%n",
    score.bpb(), score.finalScore(), run.onlineLoss().size(), out);
