package io.iisbot.bot.command;

import io.iisbot.config.HostPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a command is aimed at: a host, a group, a glob over host names, or a comma list of those.
 * Names are lower case. Values are immutable.
 */
public sealed interface Target {

  /** As typed: {@code web01}, {@code @web-prod}, {@code web0*}, {@code web01,@db}. */
  String display();

  /**
   * Reads a target as typed.
   *
   * @throws IllegalArgumentException with a message for the chat user when it is not a target
   */
  static Target parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the target is empty");
    }
    if (!text.contains(",")) {
      return one(text);
    }
    List<Target> parts = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException(
            "empty name in the list " + Texts.quote(text) + "; separate names with one comma");
      }
      parts.add(one(part));
    }
    return new AnyOf(parts);
  }

  private static Target one(String text) {
    if (text.startsWith("@")) {
      return new Group(text.substring(1));
    }
    if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0) {
      return new Glob(text);
    }
    return new Host(text);
  }

  /** One host by name: {@code web01}. */
  record Host(String name) implements Target {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public Host {
      name =
          Names.check(
              name,
              NAME,
              "host name",
              "a-z, 0-9 and -, at most 63 characters, not starting with -");
    }

    @Override
    public String display() {
      return name;
    }
  }

  /** A configured group of hosts, typed with an {@code @}: {@code @web-prod}. */
  record Group(String name) implements Target {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");

    public Group {
      name = Names.check(name, NAME, "group name", "a-z, 0-9 and - after the @");
    }

    @Override
    public String display() {
      return "@" + name;
    }
  }

  /**
   * Host names matching a pattern: {@code *} any run of characters, {@code ?} one character; a
   * {@link HostPattern} written in chat.
   */
  record Glob(String pattern) implements Target {
    private static final Pattern PATTERN = Pattern.compile("[a-z0-9*?][a-z0-9*?-]{0,62}");

    public Glob {
      pattern = Names.check(pattern, PATTERN, "host pattern", "a-z, 0-9, -, * and ?");
      if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
        throw new IllegalArgumentException(
            "the pattern " + Texts.quote(pattern) + " has no * or ?; name the host instead");
      }
    }

    /**
     * Whether the host name matches, case-insensitively, by the same rules as the patterns of roles
     * and policies.
     */
    public boolean matches(String hostName) {
      return new HostPattern(pattern).matches(hostName, Set.of());
    }

    @Override
    public String display() {
      return pattern;
    }
  }

  /** Any of several targets, typed as a comma list: {@code web01,web02,@db}. */
  record AnyOf(List<Target> targets) implements Target {
    public AnyOf {
      targets = List.copyOf(targets);
      if (targets.size() < 2) {
        throw new IllegalArgumentException("a list names at least two targets");
      }
      Set<String> seen = new HashSet<>();
      for (Target t : targets) {
        if (t instanceof AnyOf) {
          throw new IllegalArgumentException("a list cannot hold a list");
        }
        if (!seen.add(t.display())) {
          throw new IllegalArgumentException(t.display() + " is in the list twice");
        }
      }
    }

    @Override
    public String display() {
      return targets.stream().map(Target::display).collect(Collectors.joining(","));
    }
  }
}
