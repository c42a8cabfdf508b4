package io.iisbot.bot.fleet;

import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Real agents on 127.0.0.1 over simulated hosts in virtual time, one per host name. */
public final class LoopbackAgents implements AutoCloseable {

  public static final String KEY = "bot";
  public static final byte[] SECRET =
      "loopback-agents-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  public final VirtualClock clock;
  public final Map<String, SimulatedIisHost> hosts = new LinkedHashMap<>();
  public final Map<String, Agent> agents = new LinkedHashMap<>();

  /** Agents whose virtual time starts at 2026-01-05T09:00:00Z. */
  public LoopbackAgents() {
    this(VirtualClock.standard().instant());
  }

  /** Agents whose virtual time starts at {@code start} (e.g. now, for a bot on the real clock). */
  public LoopbackAgents(java.time.Instant start) {
    this.clock = new VirtualClock(start);
  }

  /** Adds a host from a scenario, renamed to {@code name}, whose agent allows everything. */
  public LoopbackAgents add(String name, Scenario scenario) {
    return add(name, scenario, AllowList.everything());
  }

  /**
   * Adds a host from a scenario, renamed to {@code name}, whose agent allows only {@code allow}.
   */
  public LoopbackAgents add(String name, Scenario scenario, AllowList allow) {
    Scenario renamed =
        new Scenario(
            name,
            scenario.description(),
            scenario.services(),
            scenario.pools(),
            scenario.sites(),
            scenario.faults());
    SimulatedIisHost host = new SimulatedIisHost(renamed, clock).serveHttp();
    VirtualClock c = clock;
    Agent agent =
        Agent.start(
            new Agent.Settings(
                host,
                "simulated",
                clock,
                d -> {
                  c.advance(d);
                  Thread.sleep(1);
                },
                Map.of(KEY, SECRET),
                allow,
                "127.0.0.1",
                0,
                null,
                Duration.ofHours(1),
                EngineSettings.defaults()));
    hosts.put(name, host);
    agents.put(name, agent);
    return this;
  }

  public AgentClient client(String host) {
    return AgentClient.builder(agents.get(host).uri(), KEY, SECRET).clock(clock).name(host).build();
  }

  @Override
  public void close() {
    agents.values().forEach(Agent::close);
  }
}
