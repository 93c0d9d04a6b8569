package ai.prism.bundle;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads {@code prism.yaml} the way PyYAML's {@code yaml.safe_load} does (YAML 1.1 implicit types with
 * PyYAML's exact patterns, timestamps as Python dates, unhashable keys refused), on SnakeYAML's safe
 * constructor with limits: aliases are shared references as in PyYAML (any number of them), but the
 * document expanded (every alias counted as a copy of what it names) may have at most
 * {@value #MAX_EXPANDED_NODES} nodes, which refuses an alias bomb; nesting depth {@value #MAX_DEPTH};
 * and a code-point limit.
 */
final class PrismYaml {
  /**
   * The most nodes the document may have once aliases are expanded. A 2,000,000-byte alias-free document
   * has at most about 1,000,000 nodes, so only alias expansion reaches it (the classic "billion laughs"
   * bomb expands to about 10^9).
   */
  static final long MAX_EXPANDED_NODES = 5_000_000;

  /** The deepest nesting of collections accepted. */
  static final int MAX_DEPTH = 50;

  private static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
  private static final int NO_LIMIT = Integer.MAX_VALUE;

  private static final Pattern TIMESTAMP = Pattern.compile(
      "^(?:([0-9]{4})-([0-9]{2})-([0-9]{2})"
          + "|([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9]{2}):([0-9]{2})(?:\\.([0-9]*))?"
          + "(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9]{2}))?))?)$");

  private PrismYaml() {}

  /** The loaded document ({@code null} for an empty one); YAML errors become a {@link ContractException}. */
  static Object load(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(Integer.MAX_VALUE);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowDuplicateKeys(true);
    options.setAllowRecursiveKeys(false);
    Yaml yaml = new Yaml(new PyConstructor(options), new Representer(new org.yaml.snakeyaml.DumperOptions()),
        new org.yaml.snakeyaml.DumperOptions(), options, new PyResolver());
    Object loaded;
    try {
      loaded = yaml.load(text);
    } catch (YAMLException e) {
      throw new ContractException("invalid prism.yaml: " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new ContractException("invalid prism.yaml: nesting too deep");
    }
    checkHashableKeys(loaded, new IdentityHashMap<>());
    if (expandedNodes(loaded, new IdentityHashMap<>()) > MAX_EXPANDED_NODES) {
      throw new ContractException("invalid prism.yaml: aliases expand the document to more than " + MAX_EXPANDED_NODES
          + " nodes (alias bomb)");
    }
    return loaded;
  }

  /**
   * The node count with every alias expanded, memoised per shared collection (so linear in the distinct
   * nodes); a collection met again inside itself (a recursive alias) counts once, as Python prints it
   * {@code [...]}. Saturates at {@code Long.MAX_VALUE}.
   */
  private static long expandedNodes(Object value, IdentityHashMap<Object, Long> memo) {
    if (!(value instanceof Map || value instanceof Collection)) {
      return 1;
    }
    Long known = memo.get(value);
    if (known != null) {
      return known;
    }
    memo.put(value, 1L); // in progress: a recursive reference counts as one node
    long total = 1;
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        total = saturatedAdd(total, saturatedAdd(expandedNodes(e.getKey(), memo), expandedNodes(e.getValue(), memo)));
      }
    } else {
      for (Object item : (Collection<?>) value) {
        total = saturatedAdd(total, expandedNodes(item, memo));
      }
    }
    memo.put(value, total);
    return total;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** PyYAML refuses mapping keys that are lists, mappings or sets ("found unhashable key"). */
  private static void checkHashableKeys(Object value, IdentityHashMap<Object, Boolean> seen) {
    if (!(value instanceof Map || value instanceof Collection) || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getKey() instanceof Map || e.getKey() instanceof List || e.getKey() instanceof Set) {
          throw new ContractException("invalid prism.yaml: while constructing a mapping found unhashable key");
        }
        checkHashableKeys(e.getValue(), seen);
      }
    } else {
      for (Object item : (Collection<?>) value) {
        if (value instanceof Set && (item instanceof Map || item instanceof List || item instanceof Set)) {
          throw new ContractException("invalid prism.yaml: while constructing a set found unhashable key");
        }
        checkHashableKeys(item, seen);
      }
    }
  }

  /** PyYAML's implicit resolvers (YAML 1.1), which differ from SnakeYAML's on floats, ints and a few others. */
  private static final class PyResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, Pattern.compile(
          "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"), "yYnNtTfFoO", NO_LIMIT);
      addImplicitResolver(Tag.FLOAT, Pattern.compile(
          "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
              + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN))$"), "-+0123456789.", NO_LIMIT);
      addImplicitResolver(Tag.INT, Pattern.compile(
          "^(?:[-+]?0b[0-1_]+"
              + "|[-+]?0[0-7_]+"
              + "|[-+]?(?:0|[1-9][0-9_]*)"
              + "|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"), "-+0123456789", NO_LIMIT);
      addImplicitResolver(Tag.MERGE, Pattern.compile("^(?:<<)$"), "<", NO_LIMIT);
      addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL|)$"), "~nN\0", NO_LIMIT);
      addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null, NO_LIMIT);
      addImplicitResolver(Tag.TIMESTAMP, TIMESTAMP, "0123456789", NO_LIMIT);
      addImplicitResolver(new Tag("tag:yaml.org,2002:value"), Pattern.compile("^(?:=)$"), "=", NO_LIMIT);
    }
  }

  /** SnakeYAML's safe constructor with PyYAML's timestamps ({@code date}/{@code datetime}, shown as Python's {@code str()}). */
  private static final class PyConstructor extends SafeConstructor {
    PyConstructor(LoaderOptions options) {
      super(options);
      this.yamlConstructors.put(Tag.TIMESTAMP, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          return timestamp(((ScalarNode) node).getValue());
        }
      });
    }
  }

  /** PyYAML's {@code construct_yaml_timestamp}, rendered as {@code str(date)}/{@code str(datetime)}. */
  static PyValues.PyDate timestamp(String text) {
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches()) {
      throw new YAMLException("invalid timestamp: " + text);
    }
    try {
      if (m.group(1) != null) {
        LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        return new PyValues.PyDate(date.toString());
      }
      LocalDate date = LocalDate.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
      int hour = Integer.parseInt(m.group(7));
      int minute = Integer.parseInt(m.group(8));
      int second = Integer.parseInt(m.group(9));
      if (hour > 23 || minute > 59 || second > 59) {
        throw new YAMLException("invalid time in timestamp: " + text);
      }
      StringBuilder out = new StringBuilder(date.toString())
          .append(String.format(" %02d:%02d:%02d", hour, minute, second));
      String fraction = m.group(10) == null ? "" : m.group(10);
      if (!fraction.isEmpty()) {
        String micros = (fraction.length() > 6 ? fraction.substring(0, 6) : fraction + "000000".substring(fraction.length()));
        if (Integer.parseInt(micros) != 0) {
          out.append('.').append(micros);
        }
      }
      if (m.group(12) != null) {
        int tzMinutes = Integer.parseInt(m.group(13)) * 60 + (m.group(14) == null ? 0 : Integer.parseInt(m.group(14)));
        out.append(offset(m.group(12).equals("-") ? -tzMinutes : tzMinutes));
      } else if (m.group(11) != null) {
        out.append("+00:00");
      }
      return new PyValues.PyDate(out.toString());
    } catch (DateTimeException e) {
      throw new YAMLException("invalid date in timestamp " + text + ": " + e.getMessage());
    }
  }

  private static String offset(int minutes) {
    if (minutes <= -24 * 60 || minutes >= 24 * 60) {
      throw new YAMLException("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)");
    }
    int abs = Math.abs(minutes);
    return String.format("%s%02d:%02d", minutes < 0 ? "-" : "+", abs / 60, abs % 60);
  }
}
