package ai.prism.bundle;

import ai.prism.bundle.python.Ast;
import ai.prism.bundle.python.PyConstant;
import ai.prism.bundle.python.PyNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python semantics for loaded YAML/JSON values ({@code null}, {@code Boolean}, integers, {@code Double},
 * {@code String}, {@code byte[]}, {@code List}, {@code Set}, {@code Map}, {@link PyDate}): truthiness,
 * {@code str()}/{@code repr()} and {@code int()}, as the reference applies them to {@code prism.yaml}
 * and submission metadata.
 */
final class PyValues {
  private PyValues() {}

  /** A YAML timestamp, carried as the text Python's {@code str()} gives the {@code date}/{@code datetime}. */
  record PyDate(String pythonStr) {}

  /** Python truthiness: {@code None}, {@code False}, zero, and empty strings/containers are false. */
  static boolean truthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Double d) {
      return d != 0.0;
    }
    if (v instanceof Float f) {
      return f != 0.0f;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() != 0;
    }
    if (v instanceof BigInteger i) {
      return i.signum() != 0;
    }
    if (v instanceof Number n) {
      return n.longValue() != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (v instanceof byte[] b) {
      return b.length > 0;
    }
    return true;
  }

  /** Whether the value is a Python {@code int} (not a {@code bool}). */
  static boolean isInt(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Short || v instanceof Byte;
  }

  /** Python's {@code str(v)}. */
  static String str(Object v) {
    if (v instanceof String s) {
      return s;
    }
    return repr(v);
  }

  /** Python's {@code repr(v)}; a container that contains itself shows as {@code [...]}/{@code {...}}. */
  static String repr(Object v) {
    StringBuilder out = new StringBuilder();
    repr(out, v, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    return out.toString();
  }

  private static void repr(StringBuilder out, Object v, Set<Object> active) {
    if ((v instanceof Collection || v instanceof Map) && !active.add(v)) {
      out.append(v instanceof List ? "[...]" : "{...}");
      return;
    }
    reprValue(out, v, active);
    active.remove(v);
  }

  private static void reprValue(StringBuilder out, Object v, Set<Object> active) {
    if (v == null) {
      out.append("None");
    } else if (v instanceof Boolean b) {
      out.append(b ? "True" : "False");
    } else if (isInt(v)) {
      out.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      out.append(scalarRepr(((Number) v).doubleValue()));
    } else if (v instanceof BigDecimal d) {
      out.append(scalarRepr(d.doubleValue()));
    } else if (v instanceof String s) {
      out.append(scalarRepr(s));
    } else if (v instanceof byte[] b) {
      out.append(scalarRepr(new PyConstant.Bytes(b)));
    } else if (v instanceof PyDate d) {
      out.append(d.pythonStr());
    } else if (v instanceof List<?> list) {
      out.append('[');
      joinRepr(out, list.iterator(), active);
      out.append(']');
    } else if (v instanceof Set<?> set) {
      if (set.isEmpty()) {
        out.append("set()");
      } else {
        out.append('{');
        joinRepr(out, set.iterator(), active);
        out.append('}');
      }
    } else if (v instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        repr(out, e.getKey(), active);
        out.append(": ");
        repr(out, e.getValue(), active);
      }
      out.append('}');
    } else if (v instanceof Object[] tuple) {
      out.append('(');
      joinRepr(out, java.util.Arrays.asList(tuple).iterator(), active);
      out.append(tuple.length == 1 ? ",)" : ")");
    } else {
      out.append(v);
    }
  }

  private static void joinRepr(StringBuilder out, Iterator<?> items, Set<Object> active) {
    boolean first = true;
    while (items.hasNext()) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      repr(out, items.next(), active);
    }
  }

  /**
   * Python's {@code repr()} of a scalar (str, bytes, float), rendered by {@link Ast#dump} exactly as it prints a
   * {@code Constant}, so the parser's one implementation of Python's repr rules is used.
   */
  private static String scalarRepr(Object value) {
    String dumped = Ast.dump(new PyNode("Constant", List.of("value", "kind"), java.util.Arrays.asList(value, null)), false, false);
    return dumped.substring("Constant(".length(), dumped.length() - 1);
  }
}
