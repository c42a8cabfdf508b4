package io.iisbot.adapters.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Things that happened, in order, which a test can wait for without polling: {@link #await} blocks
 * on this object's monitor and {@link #add} wakes it.
 *
 * <p>Thread-safe.
 */
public final class Recording<T> {

  private final List<T> items = new ArrayList<>();

  public synchronized void add(T item) {
    items.add(item);
    notifyAll();
  }

  public synchronized List<T> matching(Predicate<? super T> match) {
    return items.stream().filter(match).toList();
  }

  public synchronized void clear() {
    items.clear();
  }

  /**
   * The first item, already recorded or still to come, that matches.
   *
   * @param what names the awaited item in the failure message
   * @throws AssertionError if none matches within the timeout; it lists what was recorded
   */
  public synchronized T await(Predicate<? super T> match, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (T item : items) {
        if (match.test(item)) {
          return item;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no " + what + " within " + timeout + "; recorded " + items.size() + ": " + items);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
