package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class FanOutTest {

  private static final List<Integer> ITEMS = IntStream.range(0, 50).boxed().toList();

  @Test
  void answersInTheItemsOrder_usingThePoolsThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Set<String> threads = ConcurrentHashMap.newKeySet();
      List<Integer> out =
          FanOut.map(
              ITEMS,
              8,
              pool,
              i -> {
                threads.add(Thread.currentThread().getName());
                sleep(2);
                return i * 2;
              });
      assertThat(out).isEqualTo(ITEMS.stream().map(i -> i * 2).toList());
      assertThat(threads.size()).isGreaterThan(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPoolWithNoFreeThread_theCallerDoesItAll_andDoesNotWaitForQueuedHelpers() {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    CountDownLatch busy = new CountDownLatch(1);
    pool.execute(() -> await(busy)); // the pool's only thread, taken until the end of the test
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            List<Integer> out = FanOut.map(ITEMS, 8, pool, i -> i + 1);
            assertThat(out).isEqualTo(ITEMS.stream().map(i -> i + 1).toList());
          });
    } finally {
      busy.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void anUnexpectedFailure_isRethrown_afterEveryCallHasEnded() {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Set<Integer> called = ConcurrentHashMap.newKeySet();
      assertThatThrownBy(
              () ->
                  FanOut.map(
                      ITEMS,
                      8,
                      pool,
                      i -> {
                        called.add(i);
                        if (i == 7) {
                          throw new IllegalStateException("host 7");
                        }
                        return i;
                      }))
          .hasMessage("host 7");
      assertThat(called).hasSize(ITEMS.size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
