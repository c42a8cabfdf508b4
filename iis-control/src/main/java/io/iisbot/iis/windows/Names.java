package io.iisbot.iis.windows;

import java.util.regex.Pattern;

/**
 * Validates names before they reach appcmd, an XPath query or the SCM, so that no name can smuggle
 * in an argument, a quote or a query clause. Stricter than IIS itself: a name IIS would accept but
 * this rejects gets a message saying which characters are allowed.
 */
public final class Names {

  /** Letters, digits, space, and {@code . _ - ( ) @}; not starting with a space, slash or dash. */
  private static final Pattern OBJECT =
      Pattern.compile("[\\p{L}\\p{N}_.()@][\\p{L}\\p{N} _.()@-]{0,127}");

  /** Service key names: letters, digits, {@code _ . -}. */
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}");

  private Names() {}

  /** An app pool name, or IllegalArgumentException saying what is allowed. */
  public static String pool(String name) {
    return check(name, OBJECT, "app pool", "letters, digits, spaces and . _ - ( ) @");
  }

  /** A site name, or IllegalArgumentException saying what is allowed. */
  public static String site(String name) {
    return check(name, OBJECT, "site", "letters, digits, spaces and . _ - ( ) @");
  }

  /** A service key name, or IllegalArgumentException saying what is allowed. */
  public static String service(String name) {
    return check(name, SERVICE, "service", "letters, digits and _ . -");
  }

  private static String check(String name, Pattern pattern, String what, String allowed) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a " + what + " name is needed");
    }
    if (!pattern.matcher(name).matches() || name.endsWith(" ")) {
      throw new IllegalArgumentException(
          "not a valid "
              + what
              + " name: \""
              + printable(name)
              + "\" ("
              + allowed
              + " only, at most "
              + (pattern == SERVICE ? 80 : 128)
              + " characters, no leading or trailing space)");
    }
    return name;
  }

  /** Shows control characters as escapes, so a hostile name cannot forge lines in a message. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(140)
        .forEach(
            c -> {
              if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
