package io.iisbot.iis.engine;

import java.util.Objects;

/** A troubleshooting line in a result: what was found and, where there is one, what to do. */
public record Finding(Severity severity, String text) {

  public enum Severity {
    INFO,
    WARNING,
    ERROR
  }

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(text, "text");
  }

  public static Finding info(String text) {
    return new Finding(Severity.INFO, text);
  }

  public static Finding warning(String text) {
    return new Finding(Severity.WARNING, text);
  }

  public static Finding error(String text) {
    return new Finding(Severity.ERROR, text);
  }
}
