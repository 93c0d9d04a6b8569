package ai.prism.examples.cli;

import ai.prism.core.PrismException;
import java.nio.file.Path;

/** Where the demo corpus's train split is (TEMPORARY until the data branch lands its demo corpus). */
final class DemoCorpusAccess {
  private DemoCorpusAccess() {}

  static Path trainSplit() {
    throw new PrismException("the bundled demo corpus is not available yet; pass --data DIR");
  }
}
