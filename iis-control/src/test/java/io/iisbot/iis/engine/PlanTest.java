package io.iisbot.iis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class PlanTest {

  @Test
  void plan_changesNothing_andShowsTheBlastRadius() {
    Harness h = Harness.of("busy");
    int inFlight = h.host.requests().total();

    Plan p = h.engine.plan(OperationRequest.of(Action.STOP, Scope.host()));

    assertThat(h.recorder.calls).isEmpty();
    assertThat(p.host()).isEqualTo("web02");
    assertThat(p.sites())
        .containsExactly("Default Web Site", "api.contoso.com", "reports.contoso.com");
    assertThat(p.pools()).containsExactly("DefaultAppPool", "Api", "Reports");
    assertThat(p.services()).containsExactly("W3SVC");
    assertThat(p.activeRequests()).isEqualTo(inFlight);
    assertThat(p.longestRequests()).hasSize(5);
    assertThat(p.workersAtRisk())
        .extracting(WorkerProcess::pool)
        .containsExactly("DefaultAppPool", "Api", "Api", "Reports");
    assertThat(p.warnings())
        .contains(
            "workers that outlive shutdownTimeLimit are reported, not killed; add --force to kill them");
    assertThat(p.worstCase()).isEqualTo(Duration.ofSeconds(90 + 90 + 15 + 120));
  }

  @Test
  void plan_stepsAreTheStepsThatRun() {
    Harness h = Harness.of("busy");
    OperationRequest req =
        new OperationRequest(
            Action.STOP,
            Scope.host(),
            Options.defaults().withAll(true).withForce(true).withPersist(true));

    Plan p = h.engine.plan(req);
    OperationResult r = h.engine.run(req, x -> {}, new CancellationToken());

    assertThat(p.steps())
        .extracting(Plan.PlannedStep::name)
        .containsExactlyElementsOf(r.steps().stream().map(StepReport::name).toList());
    assertThat(p.steps())
        .extracting(Plan.PlannedStep::name)
        .containsExactly(
            "stop sites",
            "drain requests",
            "stop app pools",
            "kill leftover workers",
            "persist",
            "stop W3SVC",
            "stop WAS");
    assertThat(p.services()).containsExactly("W3SVC", "NetTcpActivator", "WAS");
    assertThat(p.steps())
        .filteredOn(s -> s.name().equals("stop WAS"))
        .extracting(Plan.PlannedStep::description)
        .containsExactly("stop WAS after its dependents (NetTcpActivator)");
  }

  @Test
  void plan_suspendHost_explainsWhyNotPause() {
    Plan p = Harness.of("healthy").engine.plan(OperationRequest.of(Action.SUSPEND, Scope.host()));

    assertThat(p.warnings())
        .contains(
            "W3SVC does not accept PAUSE; suspend stops the sites and keeps pools and workers warm");
    assertThat(p.workersAtRisk()).isEmpty();
    assertThat(p.pools()).isEmpty();
  }

  @Test
  void plan_alreadyStopped_isNoop() {
    Harness h = Harness.of("healthy");
    h.run(Action.STOP);

    assertThat(h.engine.plan(OperationRequest.of(Action.STOP, Scope.host())).isNoop()).isTrue();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(
            Action.RESET,
            new Scope.Site("a"),
            Options.defaults(),
            "reset works on a whole host, not on site:a"),
        Arguments.of(
            Action.SUSPEND,
            Scope.host(),
            Options.defaults().withAll(true),
            "--all goes only with stop or reset of a whole host"),
        Arguments.of(
            Action.STOP,
            new Scope.Pool("Api"),
            Options.defaults().withAll(true),
            "--all goes only with stop or reset of a whole host"),
        Arguments.of(
            Action.RECYCLE,
            new Scope.Site("Default Web Site"),
            Options.defaults(),
            "recycle needs a pool: recycle <host> pool:NAME"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void request_invalidCombination_isRejectedWithAReason(
      Action a, Scope s, Options o, String message) {
    assertThatThrownBy(() -> new OperationRequest(a, s, o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void options_drainOutOfRange_isRejectedWithTheValue() {
    assertThatThrownBy(() -> Options.defaults().withDrain(Duration.ZERO))
        .hasMessage("drain must be between 1s and 1h, was 0ms");
    assertThatThrownBy(() -> Options.defaults().withDrain(Duration.ofHours(2)))
        .hasMessage("drain must be between 1s and 1h, was 2h");
  }

  @Test
  void scope_blankName_isRejected() {
    assertThatThrownBy(() -> new Scope.Site(" ")).hasMessage("a site name is needed");
    assertThat(new Scope.Site("Default Web Site").display()).isEqualTo("site:\"Default Web Site\"");
    assertThat(new Scope.Pool("Api").key()).isEqualTo("pool:api");
  }

  @Test
  void request_describe_readsAsTyped() {
    OperationRequest r =
        new OperationRequest(
            Action.STOP,
            new Scope.Pool("Api"),
            Options.defaults().withDrain(Duration.ofSeconds(30)).withForce(true));
    assertThat(r.describe()).isEqualTo("stop pool:Api --drain 30s --force");
  }
}
