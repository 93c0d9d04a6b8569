package ai.prism.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerSmokeTest {
  @TempDir Path tmp;

  @Test
  void runsAndWritesAManifest() {
    RunFixture f = new RunFixture(tmp);
    Loops.Sgd loop = new Loops.Sgd();
    RunResult r = f.run(loop);
    System.out.println(f.diagnostics());
    System.out.println(r.manifest().toJson().substring(0, 3000));
    assertNotNull(r.prequentialBpb());
    assertEquals(loop.ownLosses.size(), r.onlineLoss().size());
    assertTrue(r.manifest().validate().isEmpty(), r.manifest().validate().toString());
  }
}
