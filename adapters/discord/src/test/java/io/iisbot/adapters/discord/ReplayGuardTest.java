package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.adapters.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The ids of interactions handled, kept for the window a signed request is accepted in. */
final class ReplayGuardTest {

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final ReplayGuard guard = ReplayGuard.inMemory(DiscordAdapter.ticker(clock));

  @Test
  void firstDelivery_isTrueOnceThenFalse_forTheWholeWindow() {
    assertThat(guard.firstDelivery("1")).isTrue();
    assertThat(guard.firstDelivery("2")).isTrue();
    assertThat(guard.firstDelivery("1")).isFalse();
    clock.advance(ReplayGuard.KEEP.minusSeconds(1));
    assertThat(guard.firstDelivery("1")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    // By now a request signed around the first delivery is refused as stale anyway.
    assertThat(guard.firstDelivery("1")).isTrue();
  }

  @Test
  void keep_coversARequestSignedFiveMinutesAheadAndReplayedFiveMinutesLate() {
    assertThat(ReplayGuard.KEEP).isGreaterThan(DiscordSignature.MAX_SKEW.multipliedBy(2));
  }

  @Test
  void firstDelivery_racingDeliveries_haveExactlyOneFirst() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> offers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        offers.add(() -> guard.firstDelivery("42"));
      }
      int firsts = 0;
      for (Future<Boolean> f : pool.invokeAll(offers)) {
        firsts += f.get() ? 1 : 0;
      }
      assertThat(firsts).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void firstDelivery_emptyId_isRefused() {
    assertThatThrownBy(() -> guard.firstDelivery(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an interaction id must not be empty");
  }
}
