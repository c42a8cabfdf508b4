package io.iisbot.bot.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Asks many hosts at once: a command over {@code @all} costs about its slowest host (an agent that
 * never answers costs its timeout once), not the sum of them all. Thread-safe; holds no state.
 */
public final class FanOut {

  /**
   * How many calls of one command run at a time: enough that 200 hosts on a LAN answer within a
   * second or two, few enough that one command does not open hundreds of connections at once.
   */
  public static final int LIMIT = 32;

  private FanOut() {}

  /**
   * {@code call} applied to every item, at most {@code limit} at a time (the calling thread takes
   * part), the answers in the items' order. {@code call} handles its own expected failures (an
   * agent that does not answer becomes an answer saying so); anything else it throws is rethrown
   * here once every call has ended.
   *
   * @throws IllegalStateException when interrupted while waiting (the interrupt is kept)
   */
  public static <I, T> List<T> map(
      List<I> items, int limit, Executor executor, Function<I, T> call) {
    int n = items.size();
    if (n <= 1 || limit <= 1 || executor == null) {
      List<T> out = new ArrayList<>(n);
      items.forEach(i -> out.add(call.apply(i)));
      return out;
    }
    Object[] results = new Object[n];
    RuntimeException[] failures = new RuntimeException[n];
    AtomicInteger next = new AtomicInteger();
    int helpers = Math.min(limit, n) - 1;
    CountDownLatch done = new CountDownLatch(helpers);
    // A helper still queued when this thread has finished the work is not waited for: on a busy
    // bounded pool, every thread could otherwise be a caller waiting on helpers queued behind it.
    AtomicInteger unstarted = new AtomicInteger(helpers);
    Runnable worker =
        () -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            try {
              results[i] = call.apply(items.get(i));
            } catch (RuntimeException e) {
              failures[i] = e;
            }
          }
        };
    for (int h = 0; h < helpers; h++) {
      try {
        executor.execute(
            () -> {
              if (unstarted.getAndDecrement() <= 0) {
                return; // the caller stopped waiting for this one
              }
              try {
                worker.run();
              } finally {
                done.countDown();
              }
            });
      } catch (RejectedExecutionException e) {
        unstarted.decrementAndGet();
        done.countDown(); // the threads that did start (and this one) take its share
      }
    }
    worker.run();
    for (int left = unstarted.getAndSet(0); left > 0; left--) {
      done.countDown();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the hosts", e);
    }
    for (RuntimeException e : failures) {
      if (e != null) {
        throw e;
      }
    }
    @SuppressWarnings("unchecked")
    List<T> out = (List<T>) Arrays.asList(results);
    return new ArrayList<>(out);
  }
}
