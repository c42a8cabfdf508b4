package io.iisbot.iis.engine;

import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A simulated host in virtual time with an engine on it, recording every progress event. */
final class Harness {

  final VirtualClock clock = VirtualClock.standard();
  final SimulatedIisHost host;
  final RecordingHost recorder;
  final OperationEngine engine;
  final List<Progress> progress = new ArrayList<>();

  private Harness(Scenario scenario, EngineSettings settings) {
    host = new SimulatedIisHost(scenario, clock);
    recorder = new RecordingHost(host);
    engine = new OperationEngine(recorder, clock, clock, settings, SuspensionLedger.inMemory());
  }

  static Harness of(String scenario) {
    return new Harness(Scenarios.named(scenario), EngineSettings.defaults());
  }

  static Harness of(Scenario scenario) {
    return new Harness(scenario, EngineSettings.defaults());
  }

  static Harness of(Scenario scenario, EngineSettings settings) {
    return new Harness(scenario, settings);
  }

  static Harness of(String scenario, EngineSettings settings) {
    return new Harness(Scenarios.named(scenario), settings);
  }

  static Harness yaml(String yaml) {
    return of(Scenarios.parse(yaml, "test"));
  }

  OperationResult run(Action action, Scope scope, Options options) {
    return engine.run(
        new OperationRequest(action, scope, options), progress::add, new CancellationToken());
  }

  OperationResult run(Action action, Scope scope) {
    return run(action, scope, Options.defaults());
  }

  OperationResult run(Action action) {
    return run(action, Scope.host());
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  <T extends Progress> List<T> progress(Class<T> type) {
    return progress.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static String describe(OperationResult r) {
    StringBuilder b = new StringBuilder();
    b.append(r.outcome()).append(" in ").append(r.duration()).append('\n');
    r.steps()
        .forEach(
            s ->
                b.append("  ")
                    .append(s.status())
                    .append(' ')
                    .append(s.name())
                    .append(" (")
                    .append(s.took())
                    .append("): ")
                    .append(s.detail())
                    .append('\n'));
    r.verification()
        .checks()
        .forEach(
            c ->
                b.append("  check ")
                    .append(c.passed() ? "ok " : "FAIL ")
                    .append(c.name())
                    .append(": ")
                    .append(c.detail())
                    .append('\n'));
    r.findings()
        .forEach(
            f -> b.append("  ").append(f.severity()).append(": ").append(f.text()).append('\n'));
    r.events()
        .notable()
        .forEach(
            n ->
                b.append("  event ")
                    .append(n.id())
                    .append(' ')
                    .append(n.level())
                    .append(": ")
                    .append(n.meaning())
                    .append('\n'));
    b.append("  cut: ").append(r.cutRequests().size()).append('\n');
    return b.toString();
  }
}
