package ai.prism.core.run;

/** Which device a run uses: the first GPU when the engine sees one ({@code AUTO}), or forced. */
public enum DeviceChoice {
  /** The first GPU when the engine reports one, else the CPU. */
  AUTO,
  /** The CPU. */
  CPU,
  /** The first GPU; a run fails with a clear error when the engine sees none. */
  GPU
}
