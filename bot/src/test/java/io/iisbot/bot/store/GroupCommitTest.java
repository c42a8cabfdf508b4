package io.iisbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class GroupCommitTest {

  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

  /** Answers each item doubled, taking a while, as a commit does. */
  private final GroupCommit<Integer, Integer> doubling =
      new GroupCommit<>(
          items -> {
            batches.add(items);
            sleep(20);
            return items.stream().map(i -> i * 2).toList();
          });

  @Test
  void aLoneWrite_isWrittenAtOnce_byItsCaller() {
    assertThat(doubling.write(21)).isEqualTo(42);
    assertThat(batches).containsExactly(List.of(21));
  }

  @Test
  void writesArrivingTogether_shareTransactions_andEachGetsItsOwnAnswer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return doubling.write(n);
                }));
      }
      go.countDown();
      for (int i = 0; i < 50; i++) {
        assertThat(answers.get(i).get()).isEqualTo(i * 2);
      }
      assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(50);
      assertThat(batches.size()).as("transactions for 50 writes").isLessThan(10);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedBatch_failsEachOfItsWrites_withTheStoresOwnException() {
    GroupCommit<Integer, Integer> failing =
        new GroupCommit<>(
            items -> {
              throw new StoreException("the store is down", null);
            });
    assertThatThrownBy(() -> failing.write(1))
        .isInstanceOf(StoreException.class)
        .hasMessage("the store is down");
    // The next write is tried again, not answered with the old failure.
    assertThatThrownBy(() -> failing.write(2)).isInstanceOf(StoreException.class);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
