package io.iisbot.bot.bench;

import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.app.BotApp;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import io.iisbot.config.Host;
import io.iisbot.config.Secret;
import io.iisbot.iis.Sleeper;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.engine.Warmup;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.SimulatedIisHost;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Real agents on 127.0.0.1 over simulated hosts on the system clock (real time, real sleeps, real
 * signed HTTP), and the whole bot ({@link BotApp}, as {@code java -jar} assembles it: SQLite store,
 * its own executors) over them, answering an in-memory chat. The bot's configuration is the demo's
 * (its admin may do anything anywhere), with these hosts, all in {@code @all}.
 */
final class RealTimeAgents implements AutoCloseable {

  final Map<String, SimulatedIisHost> hosts = new LinkedHashMap<>();
  final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, URI> extra = new LinkedHashMap<>();
  private final Map<String, List<String>> groupMembers = new LinkedHashMap<>();
  private final BotConfig demo;
  private final String keyId;
  private final Secret secret;
  private BotApp app;

  RealTimeAgents(Path dataDir) {
    this.demo = ConfigLoader.demo(Map.of("IISBOT_PORT", "0"), dataDir.toString());
    this.keyId = demo.hosts().get(0).keyId();
    this.secret = demo.hosts().get(0).secret();
  }

  /**
   * Starts one agent per scenario (in parallel: each waits for the next whole second), named as the
   * scenario's host.
   */
  RealTimeAgents start(List<Scenario> scenarios, EngineSettings engine) {
    ExecutorService starting = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<Agent>> futures = new ArrayList<>();
      for (Scenario s : scenarios) {
        SimulatedIisHost host = new SimulatedIisHost(s, Clock.systemUTC());
        hosts.put(s.host(), host);
        futures.add(
            CompletableFuture.supplyAsync(
                () ->
                    Agent.start(
                        new Agent.Settings(
                            host,
                            "simulated",
                            Clock.systemUTC(),
                            Sleeper.system(),
                            Map.of(keyId, secret.bytes()),
                            AllowList.everything(),
                            "127.0.0.1",
                            0,
                            null,
                            Duration.ofHours(1),
                            engine,
                            Warmup.off())),
                starting));
      }
      for (int i = 0; i < scenarios.size(); i++) {
        agents.put(scenarios.get(i).host(), futures.get(i).join());
      }
    } finally {
      starting.shutdown();
    }
    return this;
  }

  /** A host the bot knows whose agent is at {@code uri} (e.g. one that never answers). */
  RealTimeAgents extra(String name, URI uri) {
    extra.put(name, uri);
    return this;
  }

  /** Starts the bot over every agent (and extra host), connected to {@code chat}. */
  BotApp bot(LocalChat chat) {
    List<Host> list = new ArrayList<>();
    agents.forEach((name, a) -> list.add(host(name, a.uri())));
    extra.forEach((name, uri) -> list.add(host(name, uri)));
    Map<String, String> groups = new LinkedHashMap<>(demo.groups());
    groups.put("all", "every benchmark host");
    groupMembers.keySet().forEach(g -> groups.put(g, "benchmark hosts"));
    BotConfig c = demo;
    BotConfig config =
        new BotConfig(
            c.server(),
            c.store(),
            c.slack(),
            c.discord(),
            c.teams(),
            c.console(),
            groups,
            list,
            c.people(),
            c.roles(),
            c.policies(),
            c.announce(),
            c.logging(),
            c.timeZone(),
            c.demo(),
            c.loadBalancers());
    app = BotApp.start(config, Map.<String, ChatSink>of(chat.platform(), chat), Clock.systemUTC());
    chat.connect(app.bot());
    return app;
  }

  String keyId() {
    return keyId;
  }

  Secret secret() {
    return secret;
  }

  /** Puts these hosts in a group of their own too (besides {@code @all}). */
  RealTimeAgents group(String group, List<String> members) {
    groupMembers.put(group, List.copyOf(members));
    return this;
  }

  private Host host(String name, URI uri) {
    List<String> groups = new ArrayList<>(List.of("all"));
    groupMembers.forEach(
        (g, members) -> {
          if (members.contains(name)) {
            groups.add(g);
          }
        });
    return new Host(name, uri, keyId, secret, groups, Optional.empty(), Optional.empty());
  }

  /** The demo admin: may do anything on any host. */
  static io.iisbot.adapters.chat.Caller admin() {
    return new io.iisbot.adapters.chat.Caller(
        io.iisbot.adapters.chat.Identity.parse(ConfigLoader.DEMO_ADMIN), List.of(), "bench");
  }

  @Override
  public void close() {
    if (app != null) {
      app.close();
    }
    agents.values().forEach(a -> a.close(Duration.ofMillis(200)));
    hosts.values().forEach(SimulatedIisHost::close);
  }
}
