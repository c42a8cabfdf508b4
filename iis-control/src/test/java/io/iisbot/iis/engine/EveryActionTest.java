package io.iisbot.iis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.Site;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every action on every scope of the healthy and busy hosts succeeds, verified, cutting nothing.
 */
final class EveryActionTest {

  private static final Options PATIENT = Options.defaults().withDrain(Duration.ofSeconds(150));

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (String scenario : new String[] {"healthy", "busy"}) {
      for (Scope scope :
          new Scope[] {Scope.host(), new Scope.Site("api.contoso.com"), new Scope.Pool("Api")}) {
        for (Action action : Action.values()) {
          boolean applies =
              !(action == Action.RECYCLE && !(scope instanceof Scope.Pool))
                  && !(action == Action.RESET && !(scope instanceof Scope.Host));
          if (applies) {
            b.add(Arguments.of(scenario, action, scope));
          }
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{1} {2} on {0}")
  @MethodSource("cases")
  void action_onScenario_succeedsVerifiedWithoutCuttingRequests(
      String scenario, Action action, Scope scope) {
    Harness h = Harness.of(scenario);
    // start and resume undo a stop and a suspend of the same scope.
    if (action == Action.START) {
      assertThat(h.run(Action.STOP, scope, PATIENT).outcome()).isEqualTo(Outcome.SUCCEEDED);
    } else if (action == Action.RESUME) {
      assertThat(h.run(Action.SUSPEND, scope, PATIENT).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
    int before = h.host.cutRequests().size();

    OperationResult r = h.run(action, scope, PATIENT);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.verification().checks()).as("something was verified").isNotEmpty();
    assertThat(r.verification().passed()).isTrue();
    assertThat(h.host.cutRequests()).hasSize(before);
    assertThat(r.cutRequests()).isEmpty();
    if (action == Action.START || action == Action.RESUME || action == Action.RESET) {
      assertThat(h.host.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
      assertThat(h.host.pools()).extracting(AppPool::state).containsOnly(ObjectState.STARTED);
    }
  }
}
