package io.iisbot.iis.logging;

import java.util.Locale;

/** How the console shows log records: one line each for people, or one JSON object each. */
public enum LogFormat {
  /** {@code 16:05:14.123 INFO Runs [op-…] ended SUCCEEDED in 4.554s}, stack trace below. */
  TEXT,
  /** One JSON object per line, for log shippers: time, level, logger, operation, message. */
  JSON;

  /**
   * The format named {@code text} or {@code json} (any case).
   *
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public static LogFormat parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("must be text or json, was \"" + name + "\"");
    };
  }

  /** The name {@link #parse} reads. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
