package io.iisbot.bot.core;

import io.iisbot.bot.store.StoreException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store writes that must not be lost while the store is down — the audit of a running operation,
 * its result, the end of its in-flight record and lease: each is tried at once and, when the store
 * fails (or earlier writes still wait), queued in order and retried every {@link #RETRY_EVERY}
 * until the store takes them. The queue is bounded ({@link #MAX_PENDING}); a write beyond it is
 * logged in full and dropped. While anything waits, {@link #backlog()} says so, and the bot refuses
 * new state-changing commands. Thread-safe.
 */
final class PendingWrites {

  private static final Logger LOG = LoggerFactory.getLogger(PendingWrites.class);

  static final int MAX_PENDING = 10_000;
  static final Duration RETRY_EVERY = Duration.ofSeconds(1);

  private record Write(String what, Runnable run) {}

  private final Deque<Write> queue = new ArrayDeque<>();
  private final Executor runner;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean retrying = new AtomicBoolean();

  /**
   * @param runner where queued writes are retried (they may wait for the store)
   * @param scheduler when; null retries only when the next write comes
   */
  PendingWrites(Executor runner, ScheduledExecutorService scheduler) {
    this.runner = runner;
    this.scheduler = scheduler;
  }

  /**
   * Writes now, or queues it behind the writes still waiting.
   *
   * @param what the write, for the log: {@code audit RESULT stop web01}
   */
  void write(String what, Runnable write) {
    Write w = new Write(what, write);
    synchronized (this) {
      if (!queue.isEmpty()) {
        enqueue(w);
        return;
      }
    }
    try {
      write.run();
    } catch (StoreException e) {
      LOG.warn("the store failed {}; kept to retry: {}", what, e.getMessage());
      synchronized (this) {
        enqueue(w);
      }
    }
  }

  /** How many writes wait for the store. */
  synchronized int backlog() {
    return queue.size();
  }

  private void enqueue(Write w) {
    if (queue.size() >= MAX_PENDING) {
      LOG.error("{} store writes wait already; dropped {}", MAX_PENDING, w.what());
      return;
    }
    queue.addLast(w);
    retryLater();
  }

  private void retryLater() {
    if (scheduler == null || !retrying.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.schedule(
          () -> {
            try {
              runner.execute(this::flush);
            } catch (RejectedExecutionException e) {
              retrying.set(false);
            }
          },
          RETRY_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      retrying.set(false);
      LOG.warn("bot stopping with {} store writes waiting", backlog());
    }
  }

  /** Writes what waits, in order, until the store fails again. */
  private void flush() {
    retrying.set(false);
    while (true) {
      Write next;
      synchronized (this) {
        next = queue.peekFirst();
      }
      if (next == null) {
        return;
      }
      try {
        next.run().run();
      } catch (StoreException e) {
        synchronized (this) {
          retryLater();
        }
        return;
      } catch (RuntimeException e) {
        LOG.error("a kept store write failed for good: {}", next.what(), e);
      }
      synchronized (this) {
        queue.pollFirst();
        if (queue.isEmpty()) {
          LOG.info("the store took every write that waited for it");
        }
      }
    }
  }
}
