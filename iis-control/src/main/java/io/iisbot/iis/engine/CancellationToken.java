package io.iisbot.iis.engine;

/** Asks a running operation to stop at the next step boundary. Thread-safe. */
public final class CancellationToken {

  private volatile String reason;

  public void cancel(String why) {
    if (reason == null) {
      reason = why == null || why.isBlank() ? "cancelled" : why;
    }
  }

  public boolean isCancelled() {
    return reason != null;
  }

  /** Why it was cancelled, or null. */
  public String reason() {
    return reason;
  }
}
