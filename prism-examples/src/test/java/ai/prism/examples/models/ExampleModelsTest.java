package ai.prism.examples.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import ai.prism.core.run.Architecture;
import ai.prism.core.run.PrismContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleModelsTest {
  private static final PrismContext CONTEXT = PrismContext.builder().vocabSize(300).build();

  /** Named by class in the tests below. */
  public static final class Custom implements Architecture {
    @Override
    public Block build(PrismContext ctx) {
      return new BigramModel(ctx.vocabSize() + 1);
    }
  }

  /** No public no-argument constructor. */
  public static final class NeedsArguments implements Architecture {
    public NeedsArguments(int size) {}

    @Override
    public Block build(PrismContext ctx) {
      return null;
    }
  }

  @Test
  void namesTheThreeExampleModels() {
    assertEquals(List.of("tiny-decoder", "lstm", "bigram"), List.copyOf(ExampleModels.names().keySet()));
  }

  @Test
  void buildsEachModelForTheContextVocabulary() {
    TinyDecoder decoder = assertInstanceOf(TinyDecoder.class, ExampleModels.architecture("tiny-decoder").build(CONTEXT));
    assertEquals(TinyDecoder.Config.reference(300), decoder.config());
    LstmLanguageModel lstm = assertInstanceOf(LstmLanguageModel.class, ExampleModels.architecture("LSTM").build(CONTEXT));
    assertEquals(300, lstm.config().vocabSize());
    assertEquals(300, assertInstanceOf(BigramModel.class, ExampleModels.architecture("bigram").build(CONTEXT)).vocabSize());
  }

  @Test
  void resolvesArchitectureClassesAndExplainsFailures() {
    Block custom = ExampleModels.architecture(Custom.class.getName()).build(CONTEXT);
    assertEquals(301, assertInstanceOf(BigramModel.class, custom).vocabSize());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> ExampleModels.architecture("gpt-5"));
    assertTrue(missing.getMessage().contains("tiny-decoder, lstm, bigram"), missing.getMessage());
    IllegalArgumentException noConstructor = assertThrows(IllegalArgumentException.class,
        () -> ExampleModels.architecture(NeedsArguments.class.getName()));
    assertTrue(noConstructor.getMessage().contains("has no public no-argument constructor"), noConstructor.getMessage());
  }
}
