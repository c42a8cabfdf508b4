package io.iisbot.iis;

import java.util.Locale;

/** The state appcmd reports for an app pool or a site. */
public enum ObjectState {
  STARTING,
  STARTED,
  STOPPING,
  STOPPED,
  /** WAS (for pools) or W3SVC (for sites) is not running, so IIS cannot say. */
  UNKNOWN;

  /** Parses appcmd's {@code state} attribute ("Started", "Stopped", ...), case-insensitively. */
  public static ObjectState parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an IIS object state: \"" + text + "\"", e);
    }
  }

  /** As appcmd prints it: {@code Started}. */
  public String display() {
    String n = name();
    return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
  }
}
