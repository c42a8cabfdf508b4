package io.iisbot.bot.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A host pattern in a role or policy: {@code web01}, {@code web0*}, {@code @production}, {@code *}.
 */
public record HostPattern(String text) {

  public HostPattern {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an empty host pattern");
    }
    text = text.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether the host (with the groups it belongs to) matches. */
  public boolean matches(String host, Set<String> groupsOfHost) {
    if (text.startsWith("@")) {
      return groupsOfHost.contains(text.substring(1));
    }
    return glob(text).matcher(host.toLowerCase(Locale.ROOT)).matches();
  }

  static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (char c : g.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  /** For messages: how the pattern reads. */
  @Override
  public String toString() {
    return text;
  }

  static Set<String> groups(Map<String, Set<String>> groupsByHost, String host) {
    return groupsByHost.getOrDefault(host.toLowerCase(Locale.ROOT), Set.of());
  }
}
