package io.iisbot.iis.engine;

import io.iisbot.iis.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How an operation runs.
 *
 * @param drain how long in-flight requests get to finish once their sites stop taking new ones
 * @param force kill leftover {@code w3wp.exe} after the deadline (never a service's svchost)
 * @param persist also flip autoStart/serverAutoStart so the change survives a reboot; start and
 *     resume restore them
 * @param all with stop or reset of a host: WAS and its dependents too, as {@code iisreset /stop}
 */
public record Options(Duration drain, boolean force, boolean persist, boolean all) {

  public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(90);
  public static final Duration MIN_DRAIN = Duration.ofSeconds(1);
  public static final Duration MAX_DRAIN = Duration.ofHours(1);

  public Options {
    Objects.requireNonNull(drain, "drain");
    if (drain.compareTo(MIN_DRAIN) < 0 || drain.compareTo(MAX_DRAIN) > 0) {
      throw new IllegalArgumentException(
          "drain must be between 1s and 1h, was " + Durations.format(drain));
    }
  }

  /** Drain 90 s, no force, no persist, not all. */
  public static Options defaults() {
    return new Options(DEFAULT_DRAIN, false, false, false);
  }

  public Options withDrain(Duration d) {
    return new Options(d, force, persist, all);
  }

  public Options withForce(boolean f) {
    return new Options(drain, f, persist, all);
  }

  public Options withPersist(boolean p) {
    return new Options(drain, force, p, all);
  }

  public Options withAll(boolean a) {
    return new Options(drain, force, persist, a);
  }
}
