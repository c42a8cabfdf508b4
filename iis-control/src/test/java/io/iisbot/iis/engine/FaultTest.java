package io.iisbot.iis.engine;

import static io.iisbot.iis.engine.StopTest.pool;
import static io.iisbot.iis.engine.StopTest.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class FaultTest {

  @Test
  void stuckStop_failsWithWaitHintAndEvents_andNeverResendsStop() {
    Harness h = Harness.of("stuck-stop");

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.FAILED);
    StepReport failed = r.step("stop W3SVC").orElseThrow();
    assertThat(failed.status()).isEqualTo(StepReport.Status.FAILED);
    assertThat(failed.detail())
        .isEqualTo(
            "W3SVC is stuck in STOP_PENDING: checkpoint 1 has not moved for 30s (wait hint 30s)");
    assertThat(failed.took())
        .as("detected one wait hint after the stop, within one poll")
        .isBetween(Duration.ofSeconds(30), Duration.ofMillis(30_500));
    assertThat(h.recorder.calls("stopService")).containsExactly("stopService W3SVC");
    assertThat(r.events().contains(7011)).isTrue();
    assertThat(r.events().count(EventLevel.ERROR)).isEqualTo(1);
    assertThat(r.verification().failures())
        .extracting(Verification.Check::detail)
        .containsExactly("state STOP_PENDING");
    assertThat(r.findings())
        .extracting(Finding::text)
        .anyMatch(t -> t.startsWith("stop W3SVC: W3SVC is stuck in STOP_PENDING"))
        .anyMatch(t -> t.contains("already stopped sites Default Web Site; pools DefaultAppPool"));
  }

  @Test
  void stuckStop_startWhileStillPending_neitherSendsStartNorHangs() {
    Harness h = Harness.of("stuck-stop");
    h.run(Action.STOP);
    h.recorder.calls.clear();

    OperationResult r = h.run(Action.START);

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(h.recorder.calls("startService")).isEmpty();
    assertThat(r.step("start services").orElseThrow().detail()).contains("stuck in STOP_PENDING");
  }

  @Test
  void orphanWorker_withoutForce_isReportedNotKilled() {
    Harness h = Harness.of("orphan-worker");
    int orphan = StopTest.pids(h, "Api").get(0);

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.PARTIALLY_SUCCEEDED);
    assertThat(h.recorder.calls("killWorker")).isEmpty();
    assertThat(h.host.workers()).extracting(WorkerProcess::pid).containsExactly(orphan);
    assertThat(r.verification().failures())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("no w3wp.exe of a stopped pool");
              assertThat(c.detail()).isEqualTo("pid " + orphan + " (Api, 120 MB)");
            });
    assertThat(r.findings())
        .extracting(Finding::text)
        .contains(
            "w3wp.exe pid "
                + orphan
                + " of pool Api (120 MB) outlived its pool; run the stop again with --force to kill it");
    assertThat(pool(h, "Api").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(r.step("stop app pools").orElseThrow().took())
        .as("waits the pool's own shutdownTimeLimit (30s) plus grace, not the longest pool's")
        .isLessThan(Duration.ofSeconds(50));
  }

  @Test
  void orphanWorker_withForce_isKilledAndOnlyIt() {
    Harness h = Harness.of("orphan-worker");
    int orphan = StopTest.pids(h, "Api").get(0);
    int svchost =
        h.host.services().stream()
            .filter(s -> s.name().equals("W3SVC"))
            .mapToInt(ServiceInfo::pid)
            .findFirst()
            .orElseThrow();

    OperationResult r = h.run(Action.STOP, Scope.host(), Options.defaults().withForce(true));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls("killWorker")).containsExactly("killWorker " + orphan);
    assertThat(orphan).isNotEqualTo(svchost);
    assertThat(h.host.workers()).isEmpty();
    assertThat(r.step("kill leftover workers").orElseThrow().detail())
        .isEqualTo("killed " + orphan + " (Api, 120 MB)");
    assertThat(r.verification().passed()).isTrue();
  }

  @Test
  void force_withoutLeftovers_killsNothing() {
    Harness h = Harness.of("busy");

    OperationResult r =
        h.run(
            Action.STOP,
            Scope.host(),
            Options.defaults().withForce(true).withDrain(Duration.ofSeconds(150)));

    assertThat(r.step("kill leftover workers").orElseThrow().status())
        .isEqualTo(StepReport.Status.SKIPPED);
    assertThat(h.recorder.calls("killWorker")).isEmpty();
  }

  @Test
  void accessDenied_onPool_failsNamingTheRight_andStillFinishesTheOtherPools() {
    Harness h = Harness.of("access-denied");

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.FAILED);
    assertThat(r.step("stop app pools").orElseThrow().detail())
        .isEqualTo(
            "stop pool Api failed (error 5): access denied: the agent is not elevated or its account"
                + " lacks the right to stop pool Api; run the agent elevated, as a local administrator");
    assertThat(pool(h, "DefaultAppPool").state())
        .as("the other pool was stopped and waited for")
        .isEqualTo(ObjectState.STOPPED);
    assertThat(h.recorder.calls("stopService"))
        .as("no service is touched after a failure")
        .isEmpty();
    assertThat(r.findings())
        .extracting(Finding::text)
        .anyMatch(t -> t.contains("stay stopped until `start`"));
  }

  @Test
  void accessDenied_onService_failsWithError5() {
    Harness h = Harness.of("access-denied");

    OperationResult r = h.run(Action.STOP, Scope.host(), Options.defaults());
    OperationResult start = h.run(Action.START);

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(start.outcome()).as(Harness.describe(start)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(StopTest.site(h, "Default Web Site").state()).isEqualTo(ObjectState.STARTED);
    assertThat(state(h, "W3SVC")).isEqualTo(ServiceState.RUNNING);
  }

  @Test
  void rapidFail_afterStart_failsTheWatchWith5002() {
    Harness h =
        Harness.yaml(
            """
            pools: [{name: DefaultAppPool}, {name: Api, state: Stopped}]
            sites: [{name: api.contoso.com, pool: Api}]
            faults: {rapidFail: [Api]}
            """);

    OperationResult r = h.run(Action.START, new Scope.Pool("Api"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.FAILED);
    assertThat(r.step("watch for rapid-fail").orElseThrow().detail())
        .startsWith("rapid-fail protection disabled Api (event 5002) within 10s of the start");
    assertThat(r.events().contains(5002)).isTrue();
    assertThat(r.events().count(EventLevel.WARNING)).isEqualTo(5);
    assertThat(r.verification().failures())
        .extracting(Verification.Check::name)
        .contains("no pool disabled by rapid-fail protection", "pool Api is Started");
  }

  @Test
  void transientErrors_areRetriedWithBackoff() {
    Harness h = Harness.of("healthy");
    // Three: the early send with the pools' stops (one attempt, never retried), then two in the
    // W3SVC step, retried with backoff.
    h.recorder.failing("stopService W3SVC", IisException.SERVICE_CANNOT_ACCEPT_CTRL, 3);

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls("stopService")).hasSize(4);
    assertThat(h.progress(Progress.Note.class))
        .extracting(Progress.Note::text)
        .containsExactly(
            "stop service W3SVC: error 1061, retrying in 250ms",
            "stop service W3SVC: error 1061, retrying in 500ms");
  }

  @Test
  void flakyReadsAfterEveryChange_areRetried_andTheStopSucceeds() {
    Harness h =
        Harness.of(
            io.iisbot.iis.sim.Scenarios.parse(
                """
                pools: [{name: DefaultAppPool}]
                sites: [{name: s, pool: DefaultAppPool, load: {perSecond: 5}}]
                faults: {flakyReads: true}
                """,
                "flaky"));

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.progress(Progress.Note.class))
        .extracting(Progress.Note::text)
        .isNotEmpty()
        .allMatch(t -> t.endsWith(": 0x800710D8, retrying in 250ms"));
  }

  @Test
  void transientHresult_isRetriedToo() {
    Harness h = Harness.of("healthy");
    h.recorder.failing("stopPool Api", IisException.HRESULT_OBJECT_NOT_FOUND, 1);

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.progress(Progress.Note.class))
        .extracting(Progress.Note::text)
        .containsExactly("stop pool Api: 0x800710D8, retrying in 250ms");
  }

  @Test
  void transientErrors_giveUpAfterTheConfiguredAttempts() {
    Harness h = Harness.of("healthy");
    h.recorder.failing("stopService W3SVC", IisException.SERVICE_CANNOT_ACCEPT_CTRL, 100);

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    // One early attempt with the pools' stops (never retried), then the step's own attempts.
    assertThat(h.recorder.calls("stopService"))
        .hasSize(EngineSettings.defaults().retryAttempts() + 1);
  }

  @Test
  void nonTransientError_isNotRetried() {
    Harness h = Harness.of("healthy");
    h.recorder.failing("stopSite api.contoso.com", IisException.ACCESS_DENIED, 1);

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(h.recorder.calls("stopSite api.contoso.com")).hasSize(1);
  }

  @Test
  void cancel_betweenSteps_stopsBeforeTheNextStep() {
    Harness h = Harness.of("healthy");
    CancellationToken cancel = new CancellationToken();

    OperationResult r =
        h.engine.run(
            OperationRequest.of(Action.STOP, Scope.host()),
            p -> {
              if (p instanceof Progress.StepFinished f && f.step().equals("drain requests")) {
                cancel.cancel("operator pressed Abort");
              }
            },
            cancel);

    assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(r.steps())
        .extracting(StepReport::name)
        .containsExactly("stop sites", "drain requests");
    assertThat(h.recorder.calls("stopPool")).isEmpty();
    assertThat(r.findings())
        .extracting(Finding::text)
        .contains("cancelled before \"stop app pools\": operator pressed Abort");
  }

  @Test
  void unreadableHost_failsBeforeAnyStep_withoutThrowing() {
    Harness h = Harness.of("healthy");
    io.iisbot.iis.IisHost broken =
        new RecordingHost(h.host) {
          @Override
          public java.util.List<io.iisbot.iis.Site> sites() {
            throw IisException.accessDenied("list sites", "appcmd");
          }
        };
    OperationEngine engine = new OperationEngine(broken, h.clock, h.clock);

    OperationResult r = engine.run(OperationRequest.of(Action.STOP, Scope.host()));

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.steps()).isEmpty();
    assertThat(r.findings())
        .extracting(Finding::text)
        .singleElement()
        .asString()
        .startsWith("could not read the host before starting: list sites appcmd failed (error 5)");
  }

  @Test
  void brokenListener_doesNotBreakTheOperation() {
    Harness h = Harness.of("healthy");

    OperationResult r =
        h.engine.run(
            OperationRequest.of(Action.STOP, Scope.host()),
            p -> {
              throw new IllegalStateException("chat is down");
            },
            new CancellationToken());

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
  }
}
