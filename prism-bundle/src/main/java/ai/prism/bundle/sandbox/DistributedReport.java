package ai.prism.bundle.sandbox;

import java.util.List;
import java.util.Set;

/**
 * The distributed contract's view of a training script.
 *
 * @param compliant all six primitives present and no unguarded {@code torch.save}
 * @param missing the missing primitives in the reference's order ({@code init_process_group},
 *     {@code device_binding}, {@code ddp_or_fsdp}, {@code data_sharding}, {@code rank0_guard},
 *     {@code destroy_process_group})
 * @param unguardedWrites {@code torch.save} calls outside the body of a rank-0 {@code if}
 * @param present the primitives found
 */
public record DistributedReport(boolean compliant, List<String> missing, int unguardedWrites, Set<String> present) {
  /** Copies the collections. */
  public DistributedReport {
    missing = List.copyOf(missing);
    present = Set.copyOf(present);
  }

  /** The report of a skipped check ({@code off}): compliant, nothing recorded. */
  public static DistributedReport skipped() {
    return new DistributedReport(true, List.of(), 0, Set.of());
  }
}
