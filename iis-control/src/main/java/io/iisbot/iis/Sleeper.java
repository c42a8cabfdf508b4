package io.iisbot.iis;

import java.time.Duration;

/**
 * Waits. Production code sleeps the thread; the simulated clock advances virtual time instead, so a
 * 90-second drain runs in milliseconds in a test.
 */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** Sleeps the calling thread. */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
  }
}
