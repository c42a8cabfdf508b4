package io.iisbot.bot.app;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import io.iisbot.config.Host;
import io.iisbot.iis.Sleeper;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar iisbot.jar} with no configuration: three simulated hosts served by real agents
 * on loopback (real HTTP and HMAC; scenarios healthy, busy, stuck-stop), the bot with an audit file
 * under the data directory, and a walk-through in the terminal of what a chat user would see.
 */
public final class Demo implements AutoCloseable {

  static final List<String> SCENARIOS = List.of("healthy", "busy", "stuck-stop");
  static final String CHANNEL = "demo";

  private final List<Agent> agents = new ArrayList<>();
  private final BotApp app;
  private final LocalChat chat;
  private final PrintStream out;
  private final boolean teams;

  private Demo(Map<String, String> env, String dataDir, PrintStream out) {
    this.out = out;
    BotConfig config = ConfigLoader.demo(env, dataDir);
    this.teams = config.teams().isPresent();
    // Each agent waits for the next whole second before it serves (replays from before a start are
    // refused by stamp), so they start together rather than one after another.
    List<java.util.concurrent.CompletableFuture<Agent>> starting = new ArrayList<>();
    for (int i = 0; i < config.hosts().size(); i++) {
      Host h = config.hosts().get(i);
      Scenario s = Scenarios.named(SCENARIOS.get(i % SCENARIOS.size()));
      Scenario named =
          new Scenario(h.name(), s.description(), s.services(), s.pools(), s.sites(), s.faults());
      starting.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  Agent.start(
                      new Agent.Settings(
                          new SimulatedIisHost(named, Clock.systemUTC()).serveHttp(),
                          "simulated",
                          Clock.systemUTC(),
                          Sleeper.system(),
                          Map.of(h.keyId(), h.secret().bytes()),
                          AllowList.everything(),
                          "127.0.0.1",
                          0,
                          null,
                          Duration.ofHours(1),
                          EngineSettings.defaults()))));
    }
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < starting.size(); i++) {
      Agent agent = starting.get(i).join();
      agents.add(agent);
      hosts.add(config.hosts().get(i).withAgent(agent.uri()));
    }
    this.chat = new LocalChat("terminal", this::print);
    this.app =
        BotApp.start(config.withHosts(hosts), Map.of(chat.platform(), chat), Clock.systemUTC());
    chat.connect(app.bot());
  }

  /** Starts the demo; the caller closes it. */
  public static Demo start(Map<String, String> env, String dataDir, PrintStream out) {
    return new Demo(env, dataDir, out);
  }

  public BotApp app() {
    return app;
  }

  /** What a chat user would see: a status, a confirmed graceful stop, and a start. */
  public void walkThrough() throws InterruptedException {
    Caller demo = new Caller(Identity.parse(ConfigLoader.DEMO_ADMIN), List.of(), "demo");
    Caller approver =
        new Caller(Identity.parse(ConfigLoader.DEMO_APPROVER), List.of(), "demo-approver");
    say("/iis status web01");
    chat.type(demo, CHANNEL, "/iis status web01");
    say("/iis stop web01 --drain 30s --reason \"demo\"");
    String prompt =
        chat.type(demo, CHANNEL, "/iis stop web01 --drain 30s --reason \"demo\"").get(0);
    say("[Confirm]");
    chat.click(demo, prompt, "Confirm");
    say("(as demo-approver: web01 is in @production, whose stops need a second person) [Approve]");
    chat.click(approver, prompt, "Approve");
    chat.await(prompt, ChatMessage::last, Duration.ofMinutes(5));
    say("/iis start web01");
    String start = chat.type(demo, CHANNEL, "/iis start web01").get(0);
    say("[Confirm]");
    chat.click(demo, start, "Confirm");
    chat.await(start, ChatMessage::last, Duration.ofMinutes(5));
  }

  /**
   * Where to go from here.
   *
   * @param log the file the demo logs to, or null when it logs to the terminal
   */
  public void printNextSteps(java.nio.file.Path log) {
    out.println();
    out.println("iisbot demo is running:");
    out.println("  console: " + app.uri() + "/  (the web console, signed in as the demo admin)");
    out.println("  bot:    " + app.uri() + "  (GET /healthz)");
    for (Agent a : agents) {
      out.println("  agent:  " + a.uri());
    }
    out.println("  audit:  the SQLite file under the data directory");
    if (teams) {
      out.println(
          "  teams:  "
              + app.uri()
              + "/teams/messages  (TEAMS_*: the messaging endpoint; Teams needs it public, e.g."
              + " through a tunnel)");
    }
    if (log != null) {
      out.println("  log:    " + log + "  (the bot's and the agents' log; warnings show here too)");
    }
    out.println("Next: open the console in a browser, or drive the bot through its JSON API:");
    out.println(
        "  curl -s -H 'Content-Type: application/json' "
            + app.uri()
            + "/api/commands -d '{\"text\": \"/iis status web02\"}'");
    out.println("  curl -s -N " + app.uri() + "/api/stream     (every message and edit, live)");
    out.println("or call the agents with the README's curl example. Ctrl-C stops the demo.");
  }

  private void say(String typed) {
    out.println();
    out.println("demo> " + typed);
  }

  private void print(String id, ChatMessage m) {
    // Progress edits, one line each (their Abort/Pause buttons are shown once, on the final text).
    boolean progress = !m.ephemeral() && !m.last() && m.title().startsWith("Running");
    if (!progress) {
      out.println(
          "["
              + id
              + (m.ephemeral() ? ", only you" : "")
              + "] "
              + m.plainText().replace("\n", "\n    "));
    } else {
      out.println("[" + id + " edited] " + String.join(" | ", m.lines()));
    }
  }

  /**
   * Stops the bot, then the in-process agents without waiting for their simulated operations: a
   * demo stopped mid-operation ends within seconds, not after the agents' minute of grace.
   */
  @Override
  public void close() {
    app.close();
    agents.forEach(a -> a.close(Duration.ofMillis(500)));
  }
}
