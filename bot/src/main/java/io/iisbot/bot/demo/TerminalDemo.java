package io.iisbot.bot.demo;

import io.iisbot.bot.render.TextRenderer;
import io.iisbot.iis.engine.CancellationToken;
import io.iisbot.iis.engine.OperationEngine;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.io.PrintStream;
import java.util.List;

/**
 * Shows what iisbot does, with no configuration: a simulated host from a scenario, its plan, the
 * operation's live progress and its result, in virtual time so a 90-second drain prints at once.
 */
public final class TerminalDemo {

  private final PrintStream out;
  private final TextRenderer text = new TextRenderer();

  public TerminalDemo(PrintStream out) {
    this.out = out;
  }

  /** Runs each request in turn on one host and prints everything; returns the results. */
  public List<OperationResult> run(Scenario scenario, List<OperationRequest> requests) {
    VirtualClock clock = VirtualClock.standard();
    SimulatedIisHost host = new SimulatedIisHost(scenario, clock);
    OperationEngine engine = new OperationEngine(host, clock, clock);
    out.println("iisbot demo — simulated host " + host.name() + ": " + scenario.description());
    out.println();
    out.print(text.snapshot(engine.snapshot()));
    List<OperationResult> results = new java.util.ArrayList<>();
    for (OperationRequest request : requests) {
      out.println();
      out.print(text.plan(engine.plan(request)));
      out.println();
      OperationResult result =
          engine.run(request, p -> out.println(text.progress(p)), new CancellationToken());
      out.println();
      out.print(text.result(result));
      results.add(result);
    }
    out.println();
    out.println(
        "requests answered: "
            + host.servedRequests()
            + ", refused while stopped: "
            + host.refusedRequests()
            + ", cut: "
            + host.cutRequests().size());
    return results;
  }
}
