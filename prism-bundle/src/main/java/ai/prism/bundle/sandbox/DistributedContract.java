package ai.prism.bundle.sandbox;

import ai.prism.bundle.BundleException;
import ai.prism.bundle.DistributedPolicy;
import ai.prism.bundle.python.Ast;
import ai.prism.bundle.python.PyNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference's multi-GPU static contract over the training script and its single-node bound
 * (spec §2.8): six primitives detected on the AST, {@code torch.save} calls guarded by a rank-0
 * {@code if}, and at most one node of at most {@code max} GPUs in the submission metadata.
 */
public final class DistributedContract {
  /** Rule id of a missing primitive. */
  public static final String CONTRACT_RULE = "prism:distributed-contract";
  /** Rule id of an unguarded write. */
  public static final String RANK0_GUARD_RULE = "prism:distributed-rank0-guard";
  /** Rule id of the single-node bound. */
  public static final String SINGLE_NODE_RULE = "prism:single-node-bound";
  /** The reference's default GPU bound ({@code platform_eval_max_gpu_count}). */
  public static final int DEFAULT_MAX_GPU_COUNT = 8;

  private static final List<String> PRIMITIVES = List.of(
      "init_process_group", "device_binding", "ddp_or_fsdp", "data_sharding", "rank0_guard", "destroy_process_group");
  private static final Map<String, String> LABELS = labels();
  private static final Set<String> RANK_NAMES = Set.of("rank", "local_rank", "global_rank", "RANK", "LOCAL_RANK", "GLOBAL_RANK");
  private static final Set<String> RANK_ATTRS = Set.of("rank", "local_rank", "global_rank");
  private static final Set<String> RANK_CALLS = Set.of("get_rank", "get_local_rank");
  private static final Set<String> WORLD_NAMES = Set.of("world_size", "WORLD_SIZE", "num_replicas", "world");
  private static final Set<String> WORLD_ATTRS = Set.of("world_size", "num_replicas");
  private static final Set<String> WRAP_NAMES = Set.of("DistributedDataParallel", "FullyShardedDataParallel");
  private static final Set<String> WRAP_ALIASES = Set.of("DDP", "FSDP");

  private DistributedContract() {}

  private static Map<String, String> labels() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("init_process_group", "init_process_group");
    m.put("device_binding", "set_device(local_rank)/device binding");
    m.put("ddp_or_fsdp", "DDP or FSDP model wrap");
    m.put("data_sharding", "per-rank data sharding (DistributedSampler or rank-strided windows)");
    m.put("rank0_guard", "rank-0 write guard");
    m.put("destroy_process_group", "destroy_process_group");
    return Map.copyOf(m);
  }

  /**
   * Checks the training script {@code tree} (from {@code artifactPath}). Under {@code REJECT} a
   * non-compliant script throws a {@link SandboxViolation}; {@code FLAG} returns the non-compliant
   * report; {@code OFF} returns {@link DistributedReport#skipped()} without looking.
   */
  public static DistributedReport check(PyNode tree, String artifactPath, DistributedPolicy policy) {
    if (policy == DistributedPolicy.OFF) {
      return DistributedReport.skipped();
    }
    List<PyNode> nodes = Ast.walk(tree);
    Set<String> present = detectPrimitives(nodes);
    int unguarded = countUnguardedWrites(tree);
    List<String> missing = new ArrayList<>();
    for (String primitive : PRIMITIVES) {
      if (!present.contains(primitive)) {
        missing.add(primitive);
      }
    }
    boolean compliant = missing.isEmpty() && unguarded == 0;
    DistributedReport report = new DistributedReport(compliant, missing, unguarded, present);
    if (compliant || policy == DistributedPolicy.FLAG) {
      return report;
    }
    List<String> nonGuard = missing.stream().filter(m -> !m.equals("rank0_guard")).toList();
    if (!nonGuard.isEmpty()) {
      List<String> labels = nonGuard.stream().map(LABELS::get).toList();
      throw new SandboxViolation("training script is missing required distributed primitives: " + String.join(", ", labels),
          List.of(Evidences.synthetic(CONTRACT_RULE, artifactPath, "Module",
              artifactPath + ":missing:" + String.join(",", nonGuard),
              "the multi-GPU contract requires the training loop to use the distributed primitives (init_process_group, "
                  + "device binding, DDP/FSDP wrap, per-rank data sharding, rank-0 write guard, destroy_process_group)")));
    }
    throw new SandboxViolation(
        "training script must guard checkpoint/manifest writes with a rank == 0 condition (missing rank-0 write guard)",
        List.of(Evidences.synthetic(RANK0_GUARD_RULE, artifactPath, "Module", artifactPath + ":rank0-guard",
            "checkpoint/manifest writes must run only on rank 0")));
  }

  /**
   * The single-node bound on submission metadata: GPU count from the first non-null of
   * {@code gpu_count}, {@code num_gpus}, {@code requested_gpu_count}, {@code gpus}; nodes from
   * {@code num_nodes}, {@code nnodes}, {@code nodes}. Throws a {@link SandboxViolation} for more than one
   * node or more than {@code maxGpuCount} GPUs, and a {@link BundleException} where the reference's
   * integer conversion fails loudly (an infinite float).
   */
  public static void enforceSingleNodeBound(Map<String, Object> metadata, int maxGpuCount) {
    Object gpus = firstPresent(metadata, "gpu_count", "num_gpus", "requested_gpu_count", "gpus");
    Object nodes = firstPresent(metadata, "num_nodes", "nnodes", "nodes");
    BigInteger nodeCount = asInt(nodes);
    if (nodeCount != null && nodeCount.compareTo(BigInteger.ONE) > 0) {
      throw new SandboxViolation("multi-node distributed config is rejected (num_nodes=" + nodeCount + "); single-node only",
          List.of(singleNodeEvidence("num_nodes=" + nodeCount)));
    }
    BigInteger count = asInt(gpus);
    if (count != null && count.compareTo(BigInteger.valueOf(maxGpuCount)) > 0) {
      throw new SandboxViolation("requested gpu_count " + count + " exceeds the single-node bound of " + maxGpuCount,
          List.of(singleNodeEvidence("gpu_count=" + count)));
    }
  }

  private static ai.prism.bundle.Evidence singleNodeEvidence(String basis) {
    return Evidences.synthetic(SINGLE_NODE_RULE, "prism.yaml", "Module", "prism.yaml:" + basis,
        "only a single node of up to 8 GPUs is supported");
  }

  private static Object firstPresent(Map<String, Object> metadata, String... keys) {
    for (String key : keys) {
      Object value = metadata.get(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** The reference's {@code _as_int}: bools ignored, ints kept, strings and floats through Python's {@code int()}. */
  private static BigInteger asInt(Object value) {
    if (value == null || value instanceof Boolean) {
      return null;
    }
    if (value instanceof BigInteger i) {
      return i;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof String s) {
      return ai.prism.bundle.PythonText.parseInt(s);
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d)) {
        return null;
      }
      if (Double.isInfinite(d)) {
        throw new BundleException("cannot convert float infinity to integer");
      }
      return new BigDecimal(d).toBigInteger();
    }
    return null;
  }

  private static Set<String> detectPrimitives(List<PyNode> nodes) {
    Set<String> present = new HashSet<>();
    Set<String> wrapAliases = new HashSet<>();
    for (PyNode node : nodes) {
      if (node.type().equals("ImportFrom")) {
        for (PyNode alias : node.nodes("names")) {
          if (WRAP_NAMES.contains(alias.string("name"))) {
            wrapAliases.add(alias.string("asname") != null ? alias.string("asname") : alias.string("name"));
          }
        }
      }
    }
    for (PyNode node : nodes) {
      switch (node.type()) {
        case "Call" -> inspectCall(node, present, wrapAliases);
        case "Name" -> {
          String id = node.string("id");
          if (WRAP_NAMES.contains(id) || wrapAliases.contains(id)) {
            present.add("ddp_or_fsdp");
          }
          if (id.equals("DistributedSampler")) {
            present.add("data_sharding");
          }
        }
        case "Attribute" -> {
          String attr = node.string("attr");
          if (WRAP_NAMES.contains(attr)) {
            present.add("ddp_or_fsdp");
          }
          if (attr.equals("DistributedSampler")) {
            present.add("data_sharding");
          }
        }
        case "Subscript" -> {
          if (isRankStrided(node.node("slice"))) {
            present.add("data_sharding");
          }
        }
        case "If" -> {
          if (isRank0Test(node.node("test"))) {
            present.add("rank0_guard");
          }
        }
        default -> {
        }
      }
    }
    return present;
  }

  private static String lastSegment(PyNode func) {
    String dotted = DottedName.of(func, DottedName.Style.SANDBOX);
    return dotted.substring(dotted.lastIndexOf('.') + 1);
  }

  private static void inspectCall(PyNode node, Set<String> present, Set<String> wrapAliases) {
    String last = lastSegment(node.node("func"));
    if (last.equals("init_process_group")) {
      present.add("init_process_group");
    } else if (last.equals("destroy_process_group")) {
      present.add("destroy_process_group");
    } else if (last.equals("set_device") || last.equals("cuda")) {
      present.add("device_binding");
    } else if ((last.equals("device") || last.equals("to")) && hasCudaArgument(node)) {
      present.add("device_binding");
    }
    if (last.equals("DistributedSampler")) {
      present.add("data_sharding");
    } else if (last.equals("range") && isRankStrided(node)) {
      present.add("data_sharding");
    }
    if (WRAP_NAMES.contains(last) || WRAP_ALIASES.contains(last) || wrapAliases.contains(last)) {
      present.add("ddp_or_fsdp");
    }
  }

  private static boolean hasCudaArgument(PyNode call) {
    List<PyNode> args = new ArrayList<>(call.nodes("args"));
    call.nodes("keywords").forEach(k -> args.add(k.node("value")));
    for (PyNode arg : args) {
      if (arg.type().equals("Constant") && arg.get("value") instanceof String s && s.contains("cuda")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRankStrided(PyNode node) {
    boolean rank = false;
    boolean world = false;
    for (PyNode sub : Ast.walk(node)) {
      if (sub.type().equals("Name")) {
        rank |= RANK_NAMES.contains(sub.string("id"));
        world |= WORLD_NAMES.contains(sub.string("id"));
      } else if (sub.type().equals("Attribute")) {
        rank |= RANK_ATTRS.contains(sub.string("attr"));
        world |= WORLD_ATTRS.contains(sub.string("attr"));
      }
    }
    return rank && world;
  }

  private static boolean isRank0Test(PyNode test) {
    Deque<PyNode> todo = new ArrayDeque<>();
    todo.push(test);
    while (!todo.isEmpty()) {
      PyNode t = todo.pop();
      if (t.type().equals("BoolOp")) {
        t.nodes("values").forEach(todo::push);
      } else if (t.type().equals("Compare") && t.nodes("ops").size() == 1 && t.nodes("ops").get(0).type().equals("Eq")) {
        PyNode left = t.node("left");
        PyNode right = t.nodes("comparators").get(0);
        if ((isRankRef(left) && isZero(right)) || (isRankRef(right) && isZero(left))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isRankRef(PyNode node) {
    return switch (node.type()) {
      case "Name" -> RANK_NAMES.contains(node.string("id"));
      case "Attribute" -> RANK_ATTRS.contains(node.string("attr"));
      case "Call" -> RANK_CALLS.contains(lastSegment(node.node("func")));
      default -> false;
    };
  }

  private static boolean isZero(PyNode node) {
    return node.type().equals("Constant") && StaticSandbox.isZero(node.get("value"));
  }

  /** {@code torch.save} calls not lexically inside the body of an {@code if} with a rank-0 test. */
  private static int countUnguardedWrites(PyNode tree) {
    int unguarded = 0;
    Deque<Object[]> todo = new ArrayDeque<>();
    todo.push(new Object[] {tree, 0});
    while (!todo.isEmpty()) {
      Object[] item = todo.pop();
      PyNode node = (PyNode) item[0];
      int guard = (Integer) item[1];
      if (node.type().equals("If")) {
        int bodyGuard = isRank0Test(node.node("test")) ? guard + 1 : guard;
        todo.push(new Object[] {node.node("test"), guard});
        node.nodes("body").forEach(child -> todo.push(new Object[] {child, bodyGuard}));
        node.nodes("orelse").forEach(child -> todo.push(new Object[] {child, guard}));
        continue;
      }
      if (node.type().equals("Call") && guard == 0
          && DottedName.of(node.node("func"), DottedName.Style.SANDBOX).equals("torch.save")) {
        unguarded++;
      }
      node.children().forEach(child -> todo.push(new Object[] {child, guard}));
    }
    return unguarded;
  }
}
