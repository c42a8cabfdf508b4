package io.iisbot.iis.engine;

import static io.iisbot.iis.engine.StopTest.pids;
import static io.iisbot.iis.engine.StopTest.pool;
import static io.iisbot.iis.engine.StopTest.site;
import static io.iisbot.iis.engine.StopTest.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class StartResetTest {

  @Test
  void startAfterStopAll_bringsBackWasItsActivatorsW3svcPoolsAndSites() {
    Harness h = Harness.of("busy");
    h.run(Action.STOP, Scope.host(), Options.defaults().withAll(true));

    OperationResult r = h.run(Action.START);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(state(h, "WAS")).isEqualTo(ServiceState.RUNNING);
    assertThat(state(h, "W3SVC")).isEqualTo(ServiceState.RUNNING);
    assertThat(state(h, "NetTcpActivator")).isEqualTo(ServiceState.RUNNING);
    assertThat(h.host.pools()).extracting(AppPool::state).containsOnly(ObjectState.STARTED);
    assertThat(h.host.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
    assertThat(r.verification().passed()).isTrue();
    long served = h.host.servedRequests();
    h.advance(Duration.ofSeconds(30));
    assertThat(h.host.servedRequests()).as("traffic flows again").isGreaterThan(served);
  }

  @Test
  void startPool_afterStopPool_startsThePoolAndTheSitesItsStopStopped() {
    Harness h = Harness.of("busy");
    h.run(Action.STOP, new Scope.Pool("Api"));
    h.recorder.calls.clear();

    OperationResult r = h.run(Action.START, new Scope.Pool("Api"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls).containsExactly("startPool Api", "startSite api.contoso.com");
    assertThat(pool(h, "Api").state()).isEqualTo(ObjectState.STARTED);
    assertThat(site(h, "api.contoso.com").state()).isEqualTo(ObjectState.STARTED);
  }

  @Test
  void startSite_whosePoolIsStopped_warnsAbout503() {
    Harness h = Harness.of("healthy");
    h.run(Action.STOP, new Scope.Pool("Api"));

    OperationResult r = h.run(Action.START, new Scope.Site("api.contoso.com"));

    assertThat(r.findings())
        .extracting(Finding::text)
        .contains(
            "site api.contoso.com is started but its pool Api is Stopped: clients get 503 until the pool starts");
  }

  @Test
  void startHost_leavesPoolsIisbotDidNotStopAndThatDoNotAutoStart() {
    Harness h =
        Harness.yaml(
            """
            services: [{name: W3SVC, state: STOPPED}]
            pools: [{name: A}, {name: Manual, state: Stopped, autoStart: false}]
            """);

    Plan plan = h.engine.plan(OperationRequest.of(Action.START, Scope.host()));
    OperationResult r = h.run(Action.START);

    assertThat(plan.warnings())
        .contains(
            "pool Manual stays stopped: autoStart is off and iisbot did not stop it (start it with pool:Manual)");
    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(pool(h, "Manual").state()).isEqualTo(ObjectState.STOPPED);
  }

  @Test
  void reset_isAGracefulStopThenStart() {
    Harness h = Harness.of("busy");
    List<Integer> before = pids(h, "Api");

    OperationResult r =
        h.run(Action.RESET, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(150)));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.steps())
        .extracting(StepReport::name)
        .containsExactly(
            "stop sites",
            "drain requests",
            "stop app pools",
            "stop W3SVC",
            "start services",
            "start app pools",
            "start sites",
            "watch for rapid-fail");
    assertThat(r.cutRequests()).isEmpty();
    assertThat(state(h, "W3SVC")).isEqualTo(ServiceState.RUNNING);
    assertThat(h.host.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
    h.advance(Duration.ofSeconds(5));
    assertThat(pids(h, "Api")).isNotEmpty().doesNotContainAnyElementsOf(before);
  }

  @Test
  void start_alreadyRunning_doesNothing() {
    Harness h = Harness.of("healthy");

    OperationResult r = h.run(Action.START);

    assertThat(h.recorder.calls).isEmpty();
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
  }
}
