package io.iisbot.config;

import java.util.List;

/**
 * The configuration cannot be used. {@link #problems()} lists every problem found, each starting
 * with its key path ({@code hosts[2].agent: not a URL: "web03:8443"}); the message is the same
 * list, one problem per line.
 */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order they were found, each with its key path. */
  public List<String> problems() {
    return problems;
  }
}
