package ai.prism.bundle.python;

import java.text.Normalizer;

/** Python identifier rules: XID_Start/XID_Continue (Java's Unicode tables) and NFKC normalisation. */
final class Identifiers {
  private Identifiers() {}

  static boolean isXidStart(int cp) {
    return Character.isUnicodeIdentifierStart(cp);
  }

  static boolean isXidContinue(int cp) {
    return Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
  }

  /** The identifier as CPython stores it: NFKC-normalised when it is not pure ASCII. */
  static String normalize(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC);
      }
    }
    return name;
  }
}
