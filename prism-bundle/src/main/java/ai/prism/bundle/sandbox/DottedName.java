package ai.prism.bundle.sandbox;

import ai.prism.bundle.python.PyNode;

/**
 * The reference's renderings of an expression as a dotted name ({@code torch.nn.Linear}): it has three
 * slightly different {@code _node_name} helpers, and which one a feature uses changes its value.
 */
public final class DottedName {
  private DottedName() {}

  /** Which of the reference's helpers to reproduce. */
  public enum Style {
    /** {@code sandbox._node_name}: other nodes render as their kind ({@code f().g} is {@code Call.g}). */
    SANDBOX,
    /** {@code source_similarity._node_name}: calls render as their callee ({@code f().g} is {@code f.g}). */
    SNAPSHOT_FEATURES,
    /** {@code component_signatures._node_name}: calls render as their callee, other nodes as {@code ""}. */
    ARCHITECTURE_GRAPH
  }

  /** {@code node} rendered in {@code style}; iterative, so arbitrarily long chains are fine. */
  public static String of(PyNode node, Style style) {
    StringBuilder suffix = new StringBuilder();
    PyNode current = node;
    while (true) {
      switch (current.type()) {
        case "Name":
          return current.string("id") + suffix;
        case "Attribute":
          suffix.insert(0, "." + current.string("attr"));
          current = current.node("value");
          continue;
        case "Subscript":
          current = current.node("value");
          continue;
        case "Call":
          if (style != Style.SANDBOX) {
            current = current.node("func");
            continue;
          }
          return current.type() + suffix;
        default:
          if (style == Style.ARCHITECTURE_GRAPH) {
            // prefix "" renders the attribute without a leading dot
            return suffix.length() == 0 ? "" : suffix.substring(1);
          }
          return current.type() + suffix;
      }
    }
  }
}
