package io.iisbot.iis.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The engine's timing.
 *
 * @param pollInterval how often a wait reads the host; a wait ends at most this much after the host
 *     got there
 * @param serviceTimeout the longest a service may take to stop or start, whatever its wait hint
 * @param workerExitGrace how long past shutdownTimeLimit to wait for killed workers to be gone
 * @param rapidFailWatch how long started pools are watched for rapid-fail protection (5002)
 * @param retryAttempts attempts for a call that fails with a transient error (1061, 0x80070425,
 *     0x800710D8)
 * @param retryBackoff the first pause between attempts; it doubles each time
 */
public record EngineSettings(
    Duration pollInterval,
    Duration serviceTimeout,
    Duration workerExitGrace,
    Duration rapidFailWatch,
    int retryAttempts,
    Duration retryBackoff) {

  public EngineSettings {
    positive(pollInterval, "pollInterval");
    positive(serviceTimeout, "serviceTimeout");
    Objects.requireNonNull(workerExitGrace, "workerExitGrace");
    Objects.requireNonNull(rapidFailWatch, "rapidFailWatch");
    positive(retryBackoff, "retryBackoff");
    if (retryAttempts < 1 || retryAttempts > 20) {
      throw new IllegalArgumentException("retryAttempts must be 1 to 20, was " + retryAttempts);
    }
  }

  public static EngineSettings defaults() {
    return new EngineSettings(
        Duration.ofMillis(500),
        Duration.ofMinutes(2),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        6,
        Duration.ofMillis(250));
  }

  public EngineSettings withPollInterval(Duration d) {
    return new EngineSettings(
        d, serviceTimeout, workerExitGrace, rapidFailWatch, retryAttempts, retryBackoff);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
