package ai.prism.bundle.sandbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.prism.bundle.BundleException;
import ai.prism.bundle.DistributedPolicy;
import ai.prism.bundle.Evidence;
import ai.prism.bundle.Fixtures;
import ai.prism.bundle.PythonText;
import ai.prism.bundle.python.PythonParser;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The distributed (multi-GPU) static contract and the single-node bound (spec §2.8 and the distributed cases of §9.2). */
class DistributedContractTest {
  static final String COMPLIANT = Fixtures.COMPLIANT_TRAIN;

  static final String PLAIN = Fixtures.PLAIN_TRAIN;

  private static DistributedReport check(String code, DistributedPolicy policy) {
    return DistributedContract.check(PythonParser.parse(code), "training.py", policy);
  }

  private static SandboxViolation rejected(String code) {
    return assertThrows(SandboxViolation.class, () -> check(code, DistributedPolicy.REJECT));
  }

  @Test
  void compliantScriptPasses() {
    DistributedReport r = check(COMPLIANT, DistributedPolicy.REJECT);
    assertTrue(r.compliant());
    assertEquals(List.of(), r.missing());
    assertEquals(0, r.unguardedWrites());
    assertEquals(6, r.present().size());
  }

  @Test
  void fsdpAndHardCodedCudaDeviceAreCompliant() {
    String fsdp = COMPLIANT.replace("from torch.nn.parallel import DistributedDataParallel as Wrapped",
        "from torch.distributed.fsdp import FullyShardedDataParallel as Sharded").replace("Wrapped(", "Sharded(")
        .replace("ctx.rank == 0", "ctx.local_rank == 0");
    assertTrue(check(fsdp, DistributedPolicy.REJECT).compliant());
    String device = COMPLIANT.replace("    torch.cuda.set_device(ctx.local_rank)\n", "    device = torch.device(\"cuda:0\")\n");
    assertTrue(check(device, DistributedPolicy.REJECT).compliant());
    String keyword = COMPLIANT.replace("    torch.cuda.set_device(ctx.local_rank)\n", "    x = torch.zeros(1).to(device=\"cuda\")\n");
    assertTrue(check(keyword, DistributedPolicy.REJECT).compliant());
  }

  @Test
  void plainLoopIsMissingEverythingButTheGuard() {
    SandboxViolation v = rejected(PLAIN);
    assertEquals("training script is missing required distributed primitives: init_process_group, "
        + "set_device(local_rank)/device binding, DDP or FSDP model wrap, "
        + "per-rank data sharding (DistributedSampler or rank-strided windows), destroy_process_group", v.getMessage());
    Evidence e = v.evidence().get(0);
    assertEquals("prism:distributed-contract", e.ruleId());
    assertEquals("training.py", e.artifactPath());
    assertEquals("Module", e.astNode());
    assertEquals(PythonText.sha256Hex("training.py:missing:init_process_group,device_binding,ddp_or_fsdp,data_sharding,"
        + "destroy_process_group"), e.snippetHash());
  }

  @ParameterizedTest
  @ValueSource(strings = {"    dist.init_process_group(backend=\"gloo\")\n", "    net = Wrapped(build_model(ctx))\n",
      "    dist.destroy_process_group()\n", "    torch.cuda.set_device(ctx.local_rank)\n"})
  void removingOnePrimitiveIsRejected(String removed) {
    String code = COMPLIANT.replace(removed, removed.contains("Wrapped") ? "    net = build_model(ctx)\n" : "");
    assertEquals("prism:distributed-contract", rejected(code).evidence().get(0).ruleId());
  }

  @Test
  void unguardedWriteIsARank0Violation() {
    String code = COMPLIANT.replace("    if ctx.rank == 0:\n        torch.save", "    if ctx.rank == 0:\n        pass\n    torch.save");
    SandboxViolation v = rejected(code);
    assertEquals("training script must guard checkpoint/manifest writes with a rank == 0 condition (missing rank-0 write guard)",
        v.getMessage());
    assertEquals("prism:distributed-rank0-guard", v.evidence().get(0).ruleId());
    assertEquals(PythonText.sha256Hex("training.py:rank0-guard"), v.evidence().get(0).snippetHash());
  }

  @Test
  void missingGuardAloneIsReportedAsTheGuardRule() {
    String code = COMPLIANT.replace("    if ctx.rank == 0:\n        torch.save(net.state_dict(), ctx.artifacts_dir + \"/final.pt\")\n", "");
    DistributedReport flagged = check(code, DistributedPolicy.FLAG);
    assertEquals(List.of("rank0_guard"), flagged.missing());
    assertEquals("prism:distributed-rank0-guard", rejected(code).evidence().get(0).ruleId());
  }

  @Test
  void rankZeroTests() {
    String base = COMPLIANT.replace("if ctx.rank == 0:", "if %s:");
    for (String guard : List.of("0 == ctx.rank", "rank == 0", "ctx.local_rank == 0.0", "dist.get_rank() == 0",
        "ready and (ctx.global_rank == 0 or x)", "RANK == 0j")) {
      assertTrue(check(base.formatted(guard), DistributedPolicy.REJECT).compliant(), guard);
    }
    for (String guard : List.of("not ctx.rank", "ctx.rank != 0", "ctx.rank == False", "ctx.rank == 0 == 0", "ctx.rank < 1",
        "ctx.size == 0")) {
      assertFalse(check(base.formatted(guard), DistributedPolicy.FLAG).compliant(), guard);
    }
    String elseBranch = COMPLIANT.replace("if ctx.rank == 0:\n        torch.save(net.state_dict(), ctx.artifacts_dir + \"/final.pt\")",
        "if ctx.rank == 0:\n        pass\n    else:\n        torch.save(net.state_dict(), ctx.artifacts_dir + \"/final.pt\")");
    assertEquals(1, check(elseBranch, DistributedPolicy.FLAG).unguardedWrites());
    String ternary = COMPLIANT.replace("if ctx.rank == 0:\n        torch.save(net.state_dict(), ctx.artifacts_dir + \"/final.pt\")",
        "x = torch.save(1, ctx.artifacts_dir) if ctx.rank == 0 else None");
    DistributedReport r = check(ternary, DistributedPolicy.FLAG);
    assertEquals(List.of("rank0_guard"), r.missing());
    assertEquals(1, r.unguardedWrites());
  }

  @Test
  void rankStridedWindowsCountAsSharding() {
    String strided = COMPLIANT.replace("    sampler = DistributedSampler(range(32), num_replicas=ctx.world_size, rank=ctx.rank)\n",
        "    sampler = range(ctx.rank, 32, ctx.world_size)\n").replace("from torch.utils.data import DistributedSampler\n", "");
    assertTrue(check(strided, DistributedPolicy.REJECT).compliant());
    String sliced = COMPLIANT.replace("    sampler = DistributedSampler(range(32), num_replicas=ctx.world_size, rank=ctx.rank)\n",
        "    sampler = data[rank::world]\n").replace("from torch.utils.data import DistributedSampler\n", "");
    assertTrue(check(sliced, DistributedPolicy.REJECT).compliant());
    String rankCallOnly = COMPLIANT.replace("    sampler = DistributedSampler(range(32), num_replicas=ctx.world_size, rank=ctx.rank)\n",
        "    sampler = range(dist.get_rank(), 32, ctx.world_size)\n").replace("from torch.utils.data import DistributedSampler\n", "");
    assertEquals(List.of("data_sharding"), check(rankCallOnly, DistributedPolicy.FLAG).missing());
  }

  @Test
  void policiesFlagAndOff() {
    DistributedReport flagged = check(PLAIN, DistributedPolicy.FLAG);
    assertFalse(flagged.compliant());
    assertTrue(flagged.missing().contains("init_process_group"));
    DistributedReport off = check(PLAIN, DistributedPolicy.OFF);
    assertTrue(off.compliant());
    assertEquals(List.of(), off.missing());
  }

  private static void bound(Map<String, Object> metadata) {
    DistributedContract.enforceSingleNodeBound(metadata, 8);
  }

  private static Map<String, Object> meta(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void singleNodeBoundAcceptsOneToEightAndNothing() {
    for (int n : new int[] {1, 2, 4, 8}) {
      assertDoesNotThrow(() -> bound(meta("gpu_count", BigInteger.valueOf(n))));
    }
    assertDoesNotThrow(() -> bound(meta("gpu_count", null)));
    assertDoesNotThrow(() -> bound(meta()));
    assertDoesNotThrow(() -> bound(meta("gpu_count", true, "num_gpus", 99)));
    assertDoesNotThrow(() -> bound(meta("gpu_count", "9.0", "nodes", "x")));
    assertDoesNotThrow(() -> bound(meta("gpu_count", Double.NaN)));
    assertDoesNotThrow(() -> bound(meta("gpu_count", List.of(9))));
    assertDoesNotThrow(() -> bound(meta("gpu_count", 0, "num_nodes", -3)));
  }

  @Test
  void singleNodeBoundRejects() {
    SandboxViolation nine = assertThrows(SandboxViolation.class, () -> bound(meta("gpu_count", 9)));
    assertEquals("requested gpu_count 9 exceeds the single-node bound of 8", nine.getMessage());
    assertEquals("prism:single-node-bound", nine.evidence().get(0).ruleId());
    assertEquals("prism.yaml", nine.evidence().get(0).artifactPath());
    assertEquals(PythonText.sha256Hex("prism.yaml:gpu_count=9"), nine.evidence().get(0).snippetHash());
    SandboxViolation nodes = assertThrows(SandboxViolation.class, () -> bound(meta("gpu_count", 2, "num_nodes", 2)));
    assertEquals("multi-node distributed config is rejected (num_nodes=2); single-node only", nodes.getMessage());
    assertEquals("requested gpu_count 16 exceeds the single-node bound of 8",
        assertThrows(SandboxViolation.class, () -> bound(meta("num_gpus", " 1_6 "))).getMessage());
    assertEquals("requested gpu_count 12 exceeds the single-node bound of 8",
        assertThrows(SandboxViolation.class, () -> bound(meta("gpus", 12.9))).getMessage());
    assertEquals("multi-node distributed config is rejected (num_nodes=3); single-node only",
        assertThrows(SandboxViolation.class, () -> bound(meta("nnodes", "\u0663"))).getMessage());
    BundleException inf = assertThrows(BundleException.class, () -> bound(meta("gpu_count", Double.POSITIVE_INFINITY)));
    assertFalse(inf instanceof SandboxViolation);
    assertEquals("cannot convert float infinity to integer", inf.getMessage());
  }
}
