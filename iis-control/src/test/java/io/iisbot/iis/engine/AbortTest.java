package io.iisbot.iis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class AbortTest {

  @Test
  void abort_duringDrain_startsTheStoppedSitesAgain_andStopsNoPool() {
    Harness h = Harness.of("busy");

    OperationResult r =
        abortWhen(
            h,
            new OperationRequest(Action.STOP, Scope.host(), drain(Duration.ofMinutes(5))),
            p -> p instanceof Progress.RequestsLeft);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.CANCELLED);
    assertThat(r.step("drain requests").orElseThrow().status())
        .isEqualTo(StepReport.Status.ABORTED);
    assertThat(h.host.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
    assertThat(h.recorder.calls("stopPool")).isEmpty();
    assertThat(h.recorder.calls("killWorker")).isEmpty();
    assertThat(h.recorder.calls("stopService")).isEmpty();
    assertThat(r.findings())
        .extracting(Finding::text)
        .anyMatch(t -> t.startsWith("aborted during \"drain requests\""))
        .anyMatch(
            t ->
                t.equals(
                    "undone: started again site Default Web Site, site api.contoso.com, site"
                        + " reports.contoso.com"));
    assertThat(r.duration()).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void abort_duringServiceStop_finishesTheStop_thenStartsEverythingAgain() {
    Harness h = Harness.of("healthy");

    OperationResult r =
        abortWhen(
            h,
            OperationRequest.of(Action.STOP, Scope.host()),
            p -> p instanceof Progress.StepStarted s && s.step().equals("stop W3SVC"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.CANCELLED);
    assertThat(r.step("stop W3SVC").orElseThrow().status()).isEqualTo(StepReport.Status.SUCCEEDED);
    assertThat(r.findings())
        .extracting(Finding::text)
        .contains(
            "\"stop W3SVC\" was finished, not abandoned halfway: the stop of W3SVC was already"
                + " sent when the abort came");
    assertThat(h.host.services())
        .filteredOn(s -> s.name().equals("W3SVC"))
        .singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(ServiceState.RUNNING));
    assertThat(h.host.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
    assertThat(h.host.pools())
        .extracting(io.iisbot.iis.AppPool::state)
        .containsOnly(ObjectState.STARTED);
  }

  @Test
  void abort_ofSuspend_resumesTheSites() {
    Harness h = Harness.of("busy");

    OperationResult r =
        abortWhen(
            h,
            OperationRequest.of(Action.SUSPEND, Scope.host()),
            p -> p instanceof Progress.RequestsLeft);

    assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(h.host.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
  }

  @Test
  void abort_ofRecycle_leavesThePoolRunning() {
    Harness h = Harness.of("busy");

    OperationResult r =
        abortWhen(
            h,
            OperationRequest.of(Action.RECYCLE, new Scope.Pool("Api")),
            p -> p instanceof Progress.StepStarted s && s.step().equals("wait for new workers"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.CANCELLED);
    assertThat(h.host.pools())
        .filteredOn(p -> p.name().equals("Api"))
        .singleElement()
        .satisfies(p -> assertThat(p.state()).isEqualTo(ObjectState.STARTED));
    assertThat(r.findings())
        .extracting(Finding::text)
        .anyMatch(t -> t.contains("had already been sent to WAS"));
  }

  @Test
  void abort_twice_isTheSameAsOnce() {
    CancellationToken t = new CancellationToken();
    t.cancel("aborted by alice");
    t.cancel("aborted by bob");
    assertThat(t.reason()).isEqualTo("aborted by alice");
  }

  private static OperationResult abortWhen(
      Harness h, OperationRequest request, Predicate<Progress> when) {
    CancellationToken cancel = new CancellationToken();
    return h.engine.run(
        request,
        p -> {
          h.progress.add(p);
          if (when.test(p)) {
            cancel.cancel("aborted by alice");
          }
        },
        cancel);
  }

  private static Options drain(Duration d) {
    return Options.defaults().withDrain(d);
  }
}
