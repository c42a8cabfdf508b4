package io.iisbot.bot.core;

import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real agent on 127.0.0.1 for a host whose one site has a request that never ends, in the fleet's
 * virtual time, whose operations stand still (their clock does not move) while {@code held} says
 * so: a test holds an operation mid-drain, breaks something, then lets it go.
 */
final class HeldAgent {

  private HeldAgent() {}

  static Agent start(LoopbackAgents fleet, String name, BooleanSupplier held) {
    Scenario s =
        Scenarios.parse(
            "pools: [{name: P, shutdownTimeLimit: 90s}]\n"
                + "sites: [{name: s, pool: P}]\n"
                + "faults: {endlessRequest: [s]}",
            "endless");
    Scenario named =
        new Scenario(name, s.description(), s.services(), s.pools(), s.sites(), s.faults());
    var clock = fleet.clock;
    return Agent.start(
        new Agent.Settings(
            new SimulatedIisHost(named, clock),
            "simulated",
            clock,
            d -> {
              while (held.getAsBoolean()) {
                Thread.sleep(5);
              }
              clock.advance(d);
              Thread.sleep(1);
            },
            Map.of(LoopbackAgents.KEY, LoopbackAgents.SECRET),
            AllowList.everything(),
            "127.0.0.1",
            0,
            null,
            Duration.ofHours(1),
            EngineSettings.defaults()));
  }
}
