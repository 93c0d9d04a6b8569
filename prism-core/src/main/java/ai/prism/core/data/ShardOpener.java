package ai.prism.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a shard reader opens a shard file: plainly, or through a {@link ShardSeal} that checks each block. */
@FunctionalInterface
interface ShardOpener {
  /** Opens files as they are. */
  ShardOpener PLAIN = Files::newInputStream;

  InputStream open(Path file) throws IOException;
}
