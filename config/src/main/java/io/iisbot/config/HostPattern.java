package io.iisbot.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which hosts a role's grant or a policy covers, written as in chat: a name ({@code web01}), a glob
 * where {@code *} stands for any run of characters and {@code ?} for exactly one ({@code web0*},
 * {@code web0?}), a group ({@code @production}) or everything ({@code *}). Case does not matter:
 * {@code WEB*} is {@code web*}. The one host pattern of iisbot: the configuration validates with it
 * and the bot's permissions, policies and chat globs match with it (README: "Durations and host
 * patterns"). Immutable and thread-safe.
 *
 * @param text the pattern as written, without surrounding spaces, in lower case
 */
public record HostPattern(String text) {

  private static final Pattern SYNTAX = Pattern.compile("@[a-z0-9-]{1,63}|[a-z0-9*?-]{1,63}");

  /**
   * @throws IllegalArgumentException when the text is not a host pattern, quoting it
   */
  public HostPattern {
    Objects.requireNonNull(text, "text");
    Checks.require("host pattern", check(text));
    text = normal(text);
  }

  /** The problem with {@code text} as a host pattern, or {@code null} when it is one. */
  static String check(String text) {
    return SYNTAX.matcher(normal(text)).matches()
        ? null
        : "not a host pattern: "
            + Checks.quote(text)
            + " (use a name like web01, a glob like web0* or web0?, a group like @production,"
            + " or *)";
  }

  private static String normal(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  /** The group this pattern names, or {@code null} when it is not a {@code @group}. */
  public String group() {
    return text.startsWith("@") ? text.substring(1) : null;
  }

  /**
   * Whether the host with this name and these groups is covered; names and groups are compared
   * without regard to case.
   */
  public boolean matches(String hostName, Collection<String> groupsOfHost) {
    Objects.requireNonNull(hostName, "hostName");
    String g = group();
    if (g != null) {
      return groupsOfHost.stream().anyMatch(g::equalsIgnoreCase);
    }
    return glob(text, hostName.toLowerCase(Locale.ROOT));
  }

  /** Whether this configured host is covered. */
  public boolean matches(Host host) {
    return matches(host.name(), host.groups());
  }

  /**
   * Matches {@code name} against {@code pattern}, where {@code *} is any run and {@code ?} one
   * character. On a mismatch it backs up to the last {@code *} and lets it take one more character,
   * so it needs no regular expression and no recursion.
   */
  private static boolean glob(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int starTook = 0;
    while (n < name.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
        p++;
        n++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        starTook = n;
      } else if (star >= 0) {
        p = star + 1;
        n = ++starTook;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
