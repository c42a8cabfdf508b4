package io.iisbot.bot.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.config.HostPattern;
import io.iisbot.config.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class PoliciesTest {

  private static final Map<String, Set<String>> GROUPS =
      Map.of("web01", Set.of("production"), "web02", Set.of());

  private static Policy policy(
      String name, String hosts, boolean second, String timeout, Integer maxBatch) {
    return new Policy(
        name,
        Set.of("stop"),
        List.of(new HostPattern(hosts)),
        second,
        Duration.parse("PT" + timeout),
        maxBatch == null ? OptionalInt.empty() : OptionalInt.of(maxBatch));
  }

  private static Policies of(Policy... p) {
    return new Policies(List.of(p), Duration.ofMinutes(2), h -> GROUPS.getOrDefault(h, Set.of()));
  }

  @Test
  void effective_noMatch_isTheDefault() {
    Policies.Effective e =
        of(policy("a", "web01", true, "5M", 1)).effective("stop", List.of("web02"));

    assertThat(e)
        .isEqualTo(
            new Policies.Effective(
                false, Duration.ofMinutes(2), OptionalInt.empty(), List.of(), List.of()));
  }

  @Test
  void effective_everyMatchApplies_strictestValueOfEachSettingWins() {
    Policies.Effective e =
        of(
                policy("timeout-only", "*", false, "10M", null),
                policy("prod-two", "@production", true, "5M", 3),
                policy("small-batches", "web0*", false, "15M", 2))
            .effective("stop", List.of("web01"));

    assertThat(e.secondApprover()).isTrue();
    assertThat(e.confirmTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(e.maxBatch()).hasValue(2);
    assertThat(e.names()).containsExactly("timeout-only", "prod-two", "small-batches");
    assertThat(e.batch(10)).isEqualTo(2);
    assertThat(e.batch(1)).isEqualTo(1);
  }

  @Test
  void effective_overSeveralHosts_isTheStrictestOverAll() {
    Policies.Effective e =
        of(policy("prod-two", "@production", true, "5M", null))
            .effective("stop", List.of("web02", "web01"));

    assertThat(e.secondApprover()).isTrue();
    assertThat(e.names()).containsExactly("prod-two");
  }

  @Test
  void effective_otherAction_doesNotMatch() {
    assertThat(of(policy("p", "*", true, "5M", null)).effective("start", List.of("web01")).names())
        .isEmpty();
  }
}
