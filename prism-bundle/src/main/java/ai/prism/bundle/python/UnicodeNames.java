package ai.prism.bundle.python;

import java.util.Locale;

/** {@code \N{...}} name lookup (Java's Unicode name table plus the algorithmic CJK names Python accepts). */
final class UnicodeNames {
  private UnicodeNames() {}

  /** The code point named {@code name}, or -1. */
  static int lookup(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (String prefix : new String[] {"CJK UNIFIED IDEOGRAPH-", "CJK COMPATIBILITY IDEOGRAPH-"}) {
      if (upper.startsWith(prefix)) {
        try {
          int cp = Integer.parseInt(upper.substring(prefix.length()), 16);
          return Character.isValidCodePoint(cp) && Character.isDefined(cp) ? cp : -1;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    try {
      return Character.codePointOf(upper);
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
