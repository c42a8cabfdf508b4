package io.iisbot.iis;

/** An Event Log level with the {@code Level} number Windows writes in the event XML. */
public enum EventLevel {
  CRITICAL(1),
  ERROR(2),
  WARNING(3),
  INFORMATION(4),
  VERBOSE(5);

  private final int code;

  EventLevel(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** From the XML {@code Level}; 0 (classic "LogAlways") reads as information. */
  public static EventLevel ofCode(int code) {
    for (EventLevel l : values()) {
      if (l.code == code) {
        return l;
      }
    }
    if (code == 0) {
      return INFORMATION;
    }
    throw new IllegalArgumentException("not an event level: " + code);
  }

  /** From a classic event's {@code Qualifiers}: 16384 information, 32768 warning, 49152 error. */
  public static EventLevel ofQualifiers(int qualifiers) {
    return switch (qualifiers & 0xC000) {
      case 0xC000 -> ERROR;
      case 0x8000 -> WARNING;
      default -> INFORMATION;
    };
  }

  public boolean isProblem() {
    return this == CRITICAL || this == ERROR || this == WARNING;
  }
}
