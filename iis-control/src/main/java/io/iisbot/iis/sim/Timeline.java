package io.iisbot.iis.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * The simulation's future: actions scheduled at instants, run in order when the clock has passed
 * them. Lazy, so the host costs nothing between calls and a virtual clock may jump hours at once.
 * Not thread-safe; the host serializes access.
 */
final class Timeline {

  private record Entry(Instant at, long seq, Runnable action) {}

  private final Clock clock;
  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          (a, b) -> a.at.equals(b.at) ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
  private Instant now;
  private long seq;

  Timeline(Clock clock) {
    this.clock = clock;
    this.now = clock.instant();
  }

  /** The simulation's present: the clock's time, or an action's own time while it runs. */
  Instant now() {
    return now;
  }

  void after(Duration delay, Runnable action) {
    at(now.plus(delay), action);
  }

  void at(Instant when, Runnable action) {
    queue.add(new Entry(when.isBefore(now) ? now : when, seq++, action));
  }

  /** Runs everything due by the clock's present time. */
  void catchUp() {
    Instant target = clock.instant();
    while (!queue.isEmpty() && !queue.peek().at.isAfter(target)) {
      Entry e = queue.poll();
      now = e.at;
      e.action.run();
    }
    if (target.isAfter(now)) {
      now = target;
    }
  }
}
