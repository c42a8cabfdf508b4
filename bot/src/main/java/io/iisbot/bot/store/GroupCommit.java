package io.iisbot.bot.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Writes that arrive together, written together: each caller queues its item, and whichever caller
 * finds no write under way writes everything queued (up to {@value #MAX_BATCH} at a time) in one
 * call of {@code writeAll}, until the queue is empty; the others wait for their answer. A lone
 * caller writes its item at once, as it would without this; under load, one transaction carries
 * many. Thread-safe; no thread of its own.
 *
 * @param <I> what is written
 * @param <R> each item's answer
 */
final class GroupCommit<I, R> {

  static final int MAX_BATCH = 256;

  private record Pending<I, R>(I item, CompletableFuture<R> answer) {}

  private final Function<List<I>, List<R>> writeAll;
  private final ConcurrentLinkedQueue<Pending<I, R>> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();

  /**
   * @param writeAll writes a batch, in order, and answers each item in the same order; a failure it
   *     throws is every item's of that batch
   */
  GroupCommit(Function<List<I>, List<R>> writeAll) {
    this.writeAll = Objects.requireNonNull(writeAll, "writeAll");
  }

  /**
   * Writes {@code item} (with whatever else is queued) and returns its answer.
   *
   * @throws RuntimeException what {@code writeAll} threw for the batch that held the item
   */
  R write(I item) {
    Pending<I, R> mine = new Pending<>(item, new CompletableFuture<>());
    queue.add(mine);
    // Whoever holds the lock drains until the queue is empty and looks again after letting go, so
    // an item queued while another caller writes is written by that caller or the next.
    while (!queue.isEmpty() && writing.tryLock()) {
      try {
        drain();
      } finally {
        writing.unlock();
      }
    }
    try {
      return mine.answer().join();
    } catch (CompletionException e) {
      throw rethrown(e.getCause());
    }
  }

  /** Writes what is queued, batch after batch, until nothing is. Called holding the lock. */
  private void drain() {
    while (true) {
      List<Pending<I, R>> batch = new ArrayList<>();
      for (Pending<I, R> p = queue.poll();
          p != null;
          p = batch.size() < MAX_BATCH ? queue.poll() : null) {
        batch.add(p);
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        List<R> answers = writeAll.apply(batch.stream().map(Pending::item).toList());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).answer().complete(answers.get(i));
        }
      } catch (RuntimeException | Error e) {
        batch.forEach(p -> p.answer().completeExceptionally(e));
      }
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new CompletionException(cause);
  }
}
