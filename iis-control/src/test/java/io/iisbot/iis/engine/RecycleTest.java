package io.iisbot.iis.engine;

import static io.iisbot.iis.engine.StopTest.pids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RecycleTest {

  @Test
  void recycle_overlapped_yieldsNewPidsTheOldExitAnd5079IsInTheSummary() {
    Harness h = Harness.of("busy");
    List<Integer> before = pids(h, "Api");

    OperationResult r = h.run(Action.RECYCLE, new Scope.Pool("Api"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    List<Integer> after = pids(h, "Api");
    assertThat(before).hasSize(2);
    assertThat(after).isNotEmpty().doesNotContainAnyElementsOf(before);
    assertThat(r.events().notable()).filteredOn(n -> n.id() == 5079).hasSize(2);
    assertThat(r.verification().checks())
        .extracting(Verification.Check::name)
        .containsExactly(
            "pool Api is Started",
            "old workers exited",
            "worker pids changed",
            "no pool disabled by rapid-fail protection");
    assertThat(r.verification().passed()).isTrue();
    assertThat(r.cutRequests()).isEmpty();
    assertThat(h.progress(Progress.WorkerPids.class))
        .as("for a moment the old and the new workers run side by side")
        .anyMatch(p -> p.pids().containsAll(before) && p.pids().size() > before.size());
  }

  @Test
  void recycle_disallowOverlap_warnsInPlan_neverRunsTwoWorkers() {
    Harness h = Harness.of("busy");
    int old = pids(h, "Reports").get(0);

    Plan plan = h.engine.plan(OperationRequest.of(Action.RECYCLE, new Scope.Pool("Reports")));
    OperationResult r = h.run(Action.RECYCLE, new Scope.Pool("Reports"));

    assertThat(plan.warnings()).anyMatch(w -> w.contains("disallows overlapping rotation"));
    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.progress(Progress.WorkerPids.class)).allMatch(p -> p.pids().size() <= 1);
    assertThat(pids(h, "Reports")).hasSize(1).doesNotContain(old);
    assertThat(r.cutRequests())
        .as("the two-minute report outlives the 60s shutdownTimeLimit of the recycle")
        .singleElement()
        .satisfies(c -> assertThat(c.request().url()).isEqualTo("/quarterly.pdf"));
    assertThat(h.host.cutRequests()).hasSize(1);
  }

  @Test
  void recycle_poolWithoutWorkers_succeedsWithNothingToDo() {
    Harness h =
        Harness.yaml(
            """
            pools: [{name: Idle, workers: 0}]
            """);

    OperationResult r = h.run(Action.RECYCLE, new Scope.Pool("Idle"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.step("recycle pool").orElseThrow().detail())
        .isEqualTo("no worker was running; the next request starts a fresh one");
    assertThat(h.recorder.calls).isEmpty();
  }

  @Test
  void recycle_stoppedPool_failsSayingSo() {
    Harness h = Harness.yaml("pools: [{name: Api, state: Stopped}]");

    OperationResult r = h.run(Action.RECYCLE, new Scope.Pool("Api"));

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.step("recycle pool").orElseThrow().detail())
        .isEqualTo("pool Api is Stopped; only a started pool can be recycled");
    assertThat(h.recorder.calls).isEmpty();
  }

  @Test
  void recycle_needsAPool() {
    assertThatThrownBy(() -> OperationRequest.of(Action.RECYCLE, Scope.host()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recycle needs a pool: recycle <host> pool:NAME");
  }

  @Test
  void recycle_unknownPool_listsThePools() {
    Harness h = Harness.of("healthy");

    assertThatThrownBy(
            () -> h.engine.plan(OperationRequest.of(Action.RECYCLE, new Scope.Pool("Apj"))))
        .hasMessage("no app pool \"Apj\" on web01; its pools are: DefaultAppPool, Api");
    assertThat(Collections.unmodifiableList(h.recorder.calls)).isEmpty();
  }
}
