package ai.prism.bundle;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code posixpath.normpath} and {@code PurePosixPath} name arithmetic, which the reference uses on bundle paths. */
final class PyPaths {
  private PyPaths() {}

  /** {@code posixpath.normpath(path)}. */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes = path.startsWith("/") ? 1 : 0;
    if (initialSlashes == 1 && path.startsWith("//") && !path.startsWith("///")) {
      initialSlashes = 2;
    }
    List<String> out = new ArrayList<>();
    for (String comp : path.split("/", -1)) {
      if (comp.isEmpty() || comp.equals(".")) {
        continue;
      }
      if (!comp.equals("..") || (initialSlashes == 0 && out.isEmpty()) || (!out.isEmpty() && out.get(out.size() - 1).equals(".."))) {
        out.add(comp);
      } else if (!out.isEmpty()) {
        out.remove(out.size() - 1);
      }
    }
    String joined = "/".repeat(initialSlashes) + String.join("/", out);
    return joined.isEmpty() ? "." : joined;
  }

  /**
   * The reference's {@code _safe_path}: backslashes become slashes, leading slashes go, the path is
   * normalised; {@code null} when the result is empty, {@code .}, {@code ..}, escapes upwards or
   * still has an empty/{@code .}/{@code ..} segment.
   */
  static String safePath(String raw) {
    String stripped = raw.replace('\\', '/');
    int i = 0;
    while (i < stripped.length() && stripped.charAt(i) == '/') {
      i++;
    }
    String normalized = normpath(stripped.substring(i));
    if (normalized.isEmpty() || normalized.equals(".") || normalized.equals("..") || normalized.startsWith("../")) {
      return null;
    }
    for (String part : normalized.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return null;
      }
    }
    return normalized;
  }

  /** {@code PurePosixPath(p).as_posix()}: empty and {@code .} segments dropped, {@code ..} kept. */
  static String purePosix(String p) {
    String root = "";
    if (p.startsWith("//") && !p.startsWith("///")) {
      root = "//";
    } else if (p.startsWith("/")) {
      root = "/";
    }
    List<String> parts = new ArrayList<>();
    for (String comp : p.split("/", -1)) {
      if (!comp.isEmpty() && !comp.equals(".")) {
        parts.add(comp);
      }
    }
    String s = root + String.join("/", parts);
    return s.isEmpty() ? "." : s;
  }

  /** {@code PurePosixPath(p).name}: the last segment ({@code ""} for {@code "."} or a bare root). */
  static String name(String p) {
    String posix = purePosix(p);
    if (posix.equals(".") || posix.equals("/") || posix.equals("//")) {
      return "";
    }
    return posix.substring(posix.lastIndexOf('/') + 1);
  }

  /** {@code PurePosixPath(p).parent} as a string ({@code "."} for a single segment). */
  static String parent(String p) {
    String posix = purePosix(p);
    int slash = posix.lastIndexOf('/');
    if (slash < 0) {
      return ".";
    }
    String parent = posix.substring(0, slash);
    if (parent.isEmpty() || parent.equals("/")) {
      return posix.startsWith("//") ? "//" : "/";
    }
    return parent;
  }

  /** {@code PurePosixPath(p).suffix}: from the last dot of the name, unless the dot is first or last. */
  static String suffix(String p) {
    String name = name(p);
    int i = name.lastIndexOf('.');
    return i > 0 && i < name.length() - 1 ? name.substring(i) : "";
  }

  /** {@code PurePosixPath(p).stem}: the name without its suffix. */
  static String stem(String p) {
    String name = name(p);
    int i = name.lastIndexOf('.');
    return i > 0 && i < name.length() - 1 ? name.substring(0, i) : name;
  }
}
