package io.iisbot.iis;

/** A service's state as the Service Control Manager reports it, with the SCM's numeric code. */
public enum ServiceState {
  STOPPED(1),
  START_PENDING(2),
  STOP_PENDING(3),
  RUNNING(4),
  CONTINUE_PENDING(5),
  PAUSE_PENDING(6),
  PAUSED(7);

  private final int code;

  ServiceState(int code) {
    this.code = code;
  }

  /**
   * The {@code SERVICE_*} constant, as found in {@code dwCurrentState} and in 7036's binary data.
   */
  public int code() {
    return code;
  }

  public boolean isPending() {
    return this == START_PENDING
        || this == STOP_PENDING
        || this == CONTINUE_PENDING
        || this == PAUSE_PENDING;
  }

  /** The state for an SCM code, e.g. 4 → RUNNING. */
  public static ServiceState ofCode(int code) {
    for (ServiceState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("not a service state code: " + code);
  }
}
