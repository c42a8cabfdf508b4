package io.iisbot.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What roles may be allowed to do and what policies apply to; written in lower case in YAML. */
public enum Action {
  STOP,
  START,
  SUSPEND,
  RESUME,
  RECYCLE,
  RESET,
  STATUS,
  EVENTS,
  HISTORY,
  WINDOWS,
  CONSOLE;

  /** The name as written in the configuration and typed in chat: {@code stop}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action written as {@code text} ({@code stop}, {@code Stop}), if there is one. */
  public static Optional<Action> parse(String text) {
    return Arrays.stream(values())
        .filter(a -> a.configName().equalsIgnoreCase(text.strip()))
        .findFirst();
  }

  /** {@code stop, start, ...} for error messages. */
  static String list() {
    return Arrays.stream(values()).map(Action::configName).collect(Collectors.joining(", "));
  }
}
