package io.iisbot.adapters.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.adapters.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The in-memory shared state: what the store-backed one promises, in one process. */
final class SharedStateTest {

  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final SharedState state = SharedState.inMemory(clock);

  @Test
  void putIfAbsent_firstOnly_untilItExpires() {
    assertThat(state.putIfAbsent("seen", "k", "a", Duration.ofSeconds(10))).isTrue();
    assertThat(state.putIfAbsent("seen", "k", "b", Duration.ofSeconds(10))).isFalse();
    assertThat(state.putIfAbsent("other", "k", "c", Duration.ofSeconds(10))).isTrue();
    assertThat(state.get("seen", "k")).contains("a");

    clock.advance(Duration.ofSeconds(10));

    assertThat(state.get("seen", "k")).isEmpty();
    assertThat(state.putIfAbsent("seen", "k", "d", Duration.ofSeconds(10))).isTrue();
    assertThat(state.get("seen", "k")).contains("d");
  }

  @Test
  void take_givesTheValueOnce_andNotAfterExpiry() {
    state.putIfAbsent("link", "h1", "alice", Duration.ofMinutes(1));
    state.putIfAbsent("link", "h2", "bob", Duration.ofMinutes(1));

    assertThat(state.take("link", "h1")).contains("alice");
    assertThat(state.take("link", "h1")).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(state.take("link", "h2")).isEmpty();
  }

  @Test
  void remove_forgetsTheKey() {
    state.putIfAbsent("session", "s", "v", Duration.ofMinutes(1));

    state.remove("session", "s");
    state.remove("session", "unknown");

    assertThat(state.get("session", "s")).isEmpty();
  }

  @Test
  void putIfAbsent_raceOf8Threads_hasOneFirst() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> wins = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String v = "v" + i;
        wins.add(
            pool.submit(
                () -> {
                  go.await();
                  return state.putIfAbsent("seen", "k", v, Duration.ofMinutes(1));
                }));
      }
      go.countDown();
      int first = 0;
      for (Future<Boolean> f : wins) {
        first += f.get() ? 1 : 0;
      }
      assertThat(first).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badArguments_areRefusedWithTheValue() {
    assertThatThrownBy(() -> state.putIfAbsent("seen", "k", "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keep must be positive, was PT0S");
    assertThatThrownBy(() -> state.get(" ", "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shared state space must not be blank, was  ");
  }

  @Test
  void keyOf_keepsPlainIds_andHashesTheRest() {
    assertThat(SharedState.keyOf("1301000000000000500")).isEqualTo("1301000000000000500");
    assertThat(SharedState.keyOf("cmd:13345224610.738474920.ab"))
        .isEqualTo("cmd:13345224610.738474920.ab");
    assertThat(SharedState.keyOf(" ")).startsWith("h:").hasSize(66);
    assertThat(SharedState.keyOf("x".repeat(10_000))).startsWith("h:").hasSize(66);
    assertThat(SharedState.keyOf("a\u0000b")).isEqualTo(SharedState.keyOf("a\u0000b"));
  }
}
