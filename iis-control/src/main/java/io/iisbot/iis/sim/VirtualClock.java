package io.iisbot.iis.sim;

import io.iisbot.iis.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to. As a {@link Sleeper} it advances itself instead of
 * blocking, so code that waits on deadlines runs in virtual time. Thread-safe.
 */
public final class VirtualClock extends Clock implements Sleeper {

  private final AtomicReference<Instant> now;

  public VirtualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock at a fixed, readable instant: 2026-01-05T09:00:00Z. */
  public static VirtualClock standard() {
    return new VirtualClock(Instant.parse("2026-01-05T09:00:00Z"));
  }

  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, was asked to move " + d);
    }
    now.updateAndGet(t -> t.plus(d));
  }

  @Override
  public void sleep(Duration duration) {
    advance(duration);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a virtual clock is always UTC");
  }
}
