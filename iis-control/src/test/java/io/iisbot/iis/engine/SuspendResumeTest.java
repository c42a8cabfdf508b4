package io.iisbot.iis.engine;

import static io.iisbot.iis.engine.StopTest.pids;
import static io.iisbot.iis.engine.StopTest.site;
import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SuspendResumeTest {

  @Test
  void suspendThenResume_keepsTheSameWorkerPids() {
    Harness h = Harness.of("busy");
    List<Integer> before = h.host.workers().stream().map(WorkerProcess::pid).sorted().toList();

    OperationResult suspend =
        h.run(Action.SUSPEND, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(150)));
    h.advance(Duration.ofMinutes(5));
    OperationResult resume = h.run(Action.RESUME);

    assertThat(suspend.outcome()).as(Harness.describe(suspend)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(resume.outcome()).as(Harness.describe(resume)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.host.workers().stream().map(WorkerProcess::pid).sorted().toList())
        .isEqualTo(before);
    assertThat(h.recorder.calls)
        .noneMatch(c -> c.startsWith("stopPool") || c.startsWith("stopService"));
    assertThat(h.host.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
    assertThat(h.host.pools()).extracting(AppPool::state).containsOnly(ObjectState.STARTED);
    assertThat(suspend.verification().checks())
        .extracting(Verification.Check::name)
        .contains("workers kept alive");
  }

  @Test
  void suspend_stopsNewRequests_andLetsInFlightOnesFinish() {
    Harness h = Harness.of("busy");

    OperationResult r =
        h.run(Action.SUSPEND, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(150)));
    long served = h.host.servedRequests();
    h.advance(Duration.ofMinutes(1));

    assertThat(r.step("drain requests").orElseThrow().detail()).startsWith("drained ");
    assertThat(h.host.requests().total()).isZero();
    assertThat(h.host.servedRequests()).as("nothing new arrives while suspended").isEqualTo(served);
    assertThat(h.host.cutRequests()).isEmpty();
  }

  @Test
  void resume_startsOnlyWhatSuspendStopped() {
    Harness h = Harness.of("healthy");
    h.host.stopSite("api.contoso.com"); // stopped by hand, before iisbot

    h.run(Action.SUSPEND);
    OperationResult r = h.run(Action.RESUME);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(site(h, "Default Web Site").state()).isEqualTo(ObjectState.STARTED);
    assertThat(site(h, "api.contoso.com").state()).isEqualTo(ObjectState.STOPPED);
  }

  @Test
  void suspendPool_stopsTheSitesItServes_andKeepsThePool() {
    Harness h = Harness.of("busy");
    List<Integer> apiPids = pids(h, "Api");

    OperationResult r = h.run(Action.SUSPEND, new Scope.Pool("Api"));
    OperationResult resume = h.run(Action.RESUME, new Scope.Pool("Api"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls)
        .containsExactly("stopSite api.contoso.com", "startSite api.contoso.com");
    assertThat(resume.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(pids(h, "Api")).isEqualTo(apiPids);
  }

  @Test
  void suspendPersist_clearsServerAutoStart_andResumeRestoresIt() {
    Harness h = Harness.of("healthy");

    h.run(Action.SUSPEND, new Scope.Site("Default Web Site"), Options.defaults().withPersist(true));
    boolean during = site(h, "Default Web Site").serverAutoStart();
    h.run(Action.RESUME, new Scope.Site("Default Web Site"));

    assertThat(during).isFalse();
    assertThat(site(h, "Default Web Site").serverAutoStart()).isTrue();
    assertThat(site(h, "Default Web Site").state()).isEqualTo(ObjectState.STARTED);
    assertThat(site(h, "api.contoso.com").serverAutoStart()).isTrue();
  }

  @Test
  void resumeWithoutRecord_startsAutoStartSitesAndWarns() {
    Harness h =
        Harness.yaml(
            """
            pools: [{name: DefaultAppPool}]
            sites:
              - {name: a, pool: DefaultAppPool, state: Stopped}
              - {name: b, pool: DefaultAppPool, state: Stopped, serverAutoStart: false}
            """);

    Plan plan = h.engine.plan(OperationRequest.of(Action.RESUME, Scope.host()));
    OperationResult r = h.run(Action.RESUME);

    assertThat(plan.warnings())
        .contains(
            "no suspend of the host is on record; starting its stopped sites that are set to auto-start",
            "site b stays stopped: serverAutoStart is off and no suspend of it is on record");
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls).containsExactly("startSite a");
  }
}
