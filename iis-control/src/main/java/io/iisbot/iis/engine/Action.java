package io.iisbot.iis.engine;

import java.util.Locale;

/** What an operation does to IIS. Every one changes state and so needs confirmation. */
public enum Action {
  STOP,
  START,
  SUSPEND,
  RESUME,
  RECYCLE,
  RESET;

  /** The verb as typed: {@code stop}. */
  public String verb() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a verb case-insensitively. */
  public static Action parse(String verb) {
    for (Action a : values()) {
      if (a.verb().equalsIgnoreCase(verb.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown action \"" + verb + "\"; one of stop, start, suspend, resume, recycle, reset");
  }
}
