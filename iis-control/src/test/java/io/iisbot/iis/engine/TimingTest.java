package io.iisbot.iis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every wait ends at most one poll interval after the host got there. */
final class TimingTest {

  private static final String HOST =
      """
      services:
        - {name: W3SVC, stopDelay: 3s, startDelay: 2s}
        - {name: WAS, startDelay: 1300ms, stopDelay: 1s}
      pools: [{name: P, shutdownTimeLimit: 20s}]
      sites:
        - name: s
          pool: P
          requests: [{at: 0s, duration: 7300ms, url: /slow}]
      """;

  @ParameterizedTest
  @ValueSource(ints = {100, 500, 2000})
  void waits_endWithinOnePollOfTheHostsOwnTiming(int pollMillis) {
    Duration poll = Duration.ofMillis(pollMillis);
    Harness h =
        Harness.of(
            io.iisbot.iis.sim.Scenarios.parse(HOST, "timing"),
            EngineSettings.defaults().withPollInterval(poll));

    OperationResult stop = h.run(Action.STOP, Scope.host(), Options.defaults().withAll(true));
    OperationResult start = h.run(Action.START);

    assertThat(stop.outcome()).as(Harness.describe(stop)).isEqualTo(Outcome.SUCCEEDED);
    assertTook(stop, "drain requests", Duration.ofMillis(7300), poll);
    // The worker exits 500 ms after its last request.
    assertTook(stop, "stop app pools", Duration.ofMillis(500), poll);
    // W3SVC's stop is sent with the pools': its 3 s run while the worker exits, so W3SVC is
    // stopped within a poll of 3 s after the pools' step began.
    assertThat(
            Duration.between(
                stop.step("stop app pools").orElseThrow().startedAt(),
                stop.step("stop W3SVC").orElseThrow().finishedAt()))
        .as("stop app pools + stop W3SVC")
        .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(3).plus(poll));
    assertTook(stop, "stop WAS", Duration.ofSeconds(1), poll);
    assertThat(start.outcome()).as(Harness.describe(start)).isEqualTo(Outcome.SUCCEEDED);
    // W3SVC waits for WAS (1.3 s), then takes 2 s itself.
    assertTook(start, "start services", Duration.ofMillis(3300), poll);
  }

  private static void assertTook(OperationResult r, String step, Duration host, Duration poll) {
    assertThat(r.step(step).orElseThrow().took()).as(step).isBetween(host, host.plus(poll));
  }
}
