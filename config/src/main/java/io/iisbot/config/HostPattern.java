package io.iisbot.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which hosts a role's grant or a policy covers: a name ({@code web01}), a glob ({@code web0*}), a
 * group ({@code @production}) or everything ({@code *}). Immutable.
 *
 * @param text the pattern as written
 */
public record HostPattern(String text) {

  private static final Pattern SYNTAX = Pattern.compile("@[a-z0-9-]{1,63}|[a-z0-9*-]{1,63}");

  /**
   * @throws IllegalArgumentException when the text is not a host pattern
   */
  public HostPattern {
    Objects.requireNonNull(text, "text");
    Checks.require("host pattern", check(text));
  }

  static String check(String text) {
    return SYNTAX.matcher(text).matches()
        ? null
        : "not a host pattern: "
            + Checks.quote(text)
            + " (use a name like web01, a glob like web0*, a group like @production, or *)";
  }

  /** The group this pattern names, or {@code null} when it is not a {@code @group}. */
  public String group() {
    return text.startsWith("@") ? text.substring(1) : null;
  }

  /** Whether the host with this name and these groups is covered. */
  public boolean matches(String hostName, Collection<String> hostGroups) {
    String g = group();
    if (g != null) {
      return hostGroups.contains(g);
    }
    return glob(text).matcher(hostName).matches();
  }

  public boolean matches(Host host) {
    return matches(host.name(), host.groups());
  }

  private static Pattern glob(String text) {
    return Pattern.compile(
        Arrays.stream(text.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
  }

  @Override
  public String toString() {
    return text;
  }
}
