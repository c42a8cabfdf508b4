package io.iisbot.iis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a plan's identity covers, and the engine running only the plan it was told to. */
final class PlanIdentityTest {

  private final Harness h = Harness.of("busy");
  private final OperationRequest stopHost = OperationRequest.of(Action.STOP, Scope.host());

  @Test
  void identity_isLowercaseHexSha256_andStable() {
    String a = h.engine.plan(stopHost).identity();

    assertThat(a).matches("[0-9a-f]{64}");
    assertThat(h.engine.plan(stopHost).identity()).isEqualTo(a);
  }

  @Test
  void identity_ignoresWhatChangesByTheSecond() {
    Plan before = h.engine.plan(stopHost);
    h.advance(Duration.ofSeconds(7)); // requests come and go, workers stay

    Plan after = h.engine.plan(stopHost);

    assertThat(after.activeRequests()).isNotEqualTo(before.activeRequests());
    assertThat(after.identity()).isEqualTo(before.identity());
  }

  @Test
  void identity_differsWithTheOptionsAndTheTarget() {
    Plan plain = h.engine.plan(stopHost);
    List<OperationRequest> others =
        List.of(
            new OperationRequest(Action.STOP, Scope.host(), Options.defaults().withForce(true)),
            new OperationRequest(Action.STOP, Scope.host(), Options.defaults().withPersist(true)),
            new OperationRequest(Action.STOP, Scope.host(), Options.defaults().withAll(true)),
            new OperationRequest(
                Action.STOP, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(30))),
            OperationRequest.of(Action.SUSPEND, Scope.host()),
            OperationRequest.of(Action.STOP, new Scope.Pool("Api")));

    assertThat(others)
        .extracting(r -> h.engine.plan(r).identity())
        .doesNotContain(plain.identity())
        .doesNotHaveDuplicates();
  }

  @Test
  void identity_differsWhenTheSitesItTouchesChange() {
    Plan before = h.engine.plan(stopHost);
    h.host.stopSite("reports.contoso.com");

    Plan after = h.engine.plan(stopHost);

    assertThat(after.sites()).doesNotContain("reports.contoso.com");
    assertThat(after.identity()).isNotEqualTo(before.identity());
  }

  @Test
  void finding03_gateRefusingTheNewPlan_runsNoStepAndSaysWhatItWouldNowDo() {
    String confirmed = h.engine.plan(stopHost).identity();
    h.host.stopSite("reports.contoso.com"); // the host changed after the operator confirmed
    h.recorder.calls.clear();

    OperationResult r =
        h.engine.run(
            stopHost, h.progress::add, new CancellationToken(), PlanGate.confirmed(confirmed));

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.steps()).isEmpty();
    assertThat(h.progress).isEmpty();
    assertThat(h.recorder.calls).noneMatch(c -> c.matches("(stop|start|set|recycle|kill).*"));
    assertThat(r.findings())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.text())
                    .isEqualTo(
                        "the plan changed since it was confirmed, so nothing was done: stop on"
                            + " web02 would now touch sites Default Web Site, api.contoso.com;"
                            + " pools DefaultAppPool, Api, Reports; service W3SVC; preview it"
                            + " again and confirm what it does now"));
  }

  @Test
  void gate_seesThePlanItLetsRun() {
    Plan[] seen = new Plan[1];
    String now = h.engine.plan(stopHost).identity();

    OperationResult r =
        h.engine.run(
            stopHost,
            x -> {},
            new CancellationToken(),
            PlanGate.confirmed(now)
                .and(
                    p -> {
                      seen[0] = p;
                      return Optional.empty();
                    }));

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(seen[0].identity()).isEqualTo(now);
  }
}
