package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.agent.Wire.OperationSpec;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationEngine;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Outcome;
import io.iisbot.iis.engine.Scope;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Finding 3, agent side: what an operation runs is checked when it runs, not only when it was asked
 * for. The runner here runs nothing until told, so the host can change in between.
 */
final class OperationsGateTest {

  private final VirtualClock clock = VirtualClock.standard();
  private final SimulatedIisHost host = SimulatedIisHost.of("busy", clock);
  private final OperationEngine engine = new OperationEngine(host, clock, clock);
  private final HeldRunner runner = new HeldRunner();

  private Operations operations(AllowList allow) {
    return new Operations(engine, clock, Duration.ofHours(1), runner, s -> Agent.gate(allow, s));
  }

  @Test
  void finding03_planChangedBetweenTheRequestAndTheRun_runsNothing() {
    OperationRequest stopHost = OperationRequest.of(Action.STOP, Scope.host());
    String confirmed = engine.plan(stopHost).identity();
    Operations ops = operations(AllowList.everything());
    ops.start(new OperationSpec("op-gate-0001", Action.STOP, Scope.host(), null, "x", confirmed));
    host.stopSite("reports.contoso.com"); // after the POST, before the run

    runner.runAll();

    OperationResult r = ops.get("op-gate-0001").orElseThrow().view().result();
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.steps()).isEmpty();
    assertThat(r.findings().get(0).text())
        .startsWith("the plan changed since it was confirmed, so nothing was done")
        .contains("would now touch sites Default Web Site, api.contoso.com;");
    assertThat(host.sites())
        .filteredOn(s -> !s.name().equals("reports.contoso.com"))
        .allMatch(s -> s.state() == io.iisbot.iis.ObjectState.STARTED);
  }

  @Test
  void finding03_allowListIsCheckedAgainstWhatRuns() {
    host.stopSite("Default Web Site");
    host.stopPool("DefaultAppPool");
    host.stopSite("reports.contoso.com");
    host.stopPool("Reports");
    clock.advance(Duration.ofMinutes(5)); // the pools' workers have exited
    // Allowed when asked: the host stop touches only Api and its site.
    Operations ops =
        operations(
            new AllowList(List.of("W3SVC"), List.of("Api"), List.of("api.contoso.com"), false));
    ops.start(new OperationSpec("op-gate-0002", Action.STOP, Scope.host(), null, "x"));
    host.startPool("Reports"); // ... but by the time it runs, it would stop Reports too
    host.startSite("reports.contoso.com");
    clock.advance(Duration.ofSeconds(5));

    runner.runAll();

    OperationResult r = ops.get("op-gate-0002").orElseThrow().view().result();
    assertThat(r.steps()).isEmpty();
    assertThat(r.findings().get(0).text())
        .isEqualTo(
            "not run: this agent's allow-list does not permit what it would now do: pool Reports"
                + " is not in this agent's allow-list (allow.pools); site reports.contoso.com is"
                + " not in this agent's allow-list (allow.sites)");
    assertThat(host.pools())
        .filteredOn(p -> p.name().equals("Api"))
        .allMatch(p -> p.state() == io.iisbot.iis.ObjectState.STARTED);
  }

  @Test
  void samePlan_runs() {
    OperationRequest recycle = OperationRequest.of(Action.RECYCLE, new Scope.Pool("Api"));
    String confirmed = engine.plan(recycle).identity();
    Operations ops = operations(AllowList.everything());
    ops.start(
        new OperationSpec(
            "op-gate-0003", Action.RECYCLE, new Scope.Pool("Api"), null, "x", confirmed));

    runner.runAll();

    assertThat(ops.get("op-gate-0003").orElseThrow().view().result().outcome())
        .isEqualTo(Outcome.SUCCEEDED);
  }

  /** Holds what it is given until {@link #runAll}. */
  private static final class HeldRunner extends AbstractExecutorService {
    private final Deque<Runnable> held = new ArrayDeque<>();

    void runAll() {
      while (!held.isEmpty()) {
        held.poll().run();
      }
    }

    @Override
    public void execute(Runnable command) {
      held.add(command);
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.copyOf(held);
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
