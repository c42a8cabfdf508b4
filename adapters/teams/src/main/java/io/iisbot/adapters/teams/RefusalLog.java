package io.iisbot.adapters.teams;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Refused requests, logged at most once per {@link #EVERY} with how many more came meanwhile: a
 * flood of forged requests must not flood the log too. Thread-safe.
 */
final class RefusalLog {

  static final Duration EVERY = Duration.ofSeconds(10);

  private final Logger log;
  private final LongSupplier nanos;
  private final AtomicLong last = new AtomicLong();
  private final AtomicLong quiet = new AtomicLong();
  private volatile boolean any;

  RefusalLog(Logger log, LongSupplier nanos) {
    this.log = log;
    this.nanos = nanos;
  }

  void refused(String from, String why) {
    long now = nanos.getAsLong();
    long then = last.get();
    if (any && now - then < EVERY.toNanos()) {
      quiet.incrementAndGet();
      return;
    }
    if (!last.compareAndSet(then, now) && any) {
      quiet.incrementAndGet();
      return;
    }
    any = true;
    long more = quiet.getAndSet(0);
    if (more == 0) {
      log.warn("refused a Teams request from {}: {}", from, why);
    } else {
      log.warn(
          "refused a Teams request from {}: {} (and {} more refused in the last {}s)",
          from,
          why,
          more,
          EVERY.toSeconds());
    }
  }
}
