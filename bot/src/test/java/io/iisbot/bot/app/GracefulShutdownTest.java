package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.InFlight;
import io.iisbot.bot.store.SqliteStore;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.Sleeper;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.AgentException;
import io.iisbot.iis.agent.Wire.OperationView;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Closing the bot with a stop mid-drain, on the real clock: it ends within seconds, leaves the
 * operation running on its agent and recorded in flight, and says so in one line.
 */
final class GracefulShutdownTest {

  private static final byte[] SECRET =
      "graceful-shutdown-agent-secret-0123456789".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void close_midDrain_endsWithinSeconds_andLeavesTheOperationForReattachment() throws Exception {
    Scenario busy = Scenarios.named("busy");
    Agent agent =
        Agent.start(
            new Agent.Settings(
                new SimulatedIisHost(
                    new Scenario(
                        "web01",
                        busy.description(),
                        busy.services(),
                        busy.pools(),
                        busy.sites(),
                        busy.faults()),
                    Clock.systemUTC()),
                "simulated",
                Clock.systemUTC(),
                Sleeper.system(),
                Map.of("bot", SECRET),
                AllowList.everything(),
                "127.0.0.1",
                0,
                null,
                Duration.ofHours(1),
                EngineSettings.defaults()));
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger botLog = (Logger) LoggerFactory.getLogger(BotApp.class);
    log.start();
    botLog.addAppender(log);
    try {
      Path data = dir.resolve("data");
      BotConfig config =
          ConfigLoader.load(
              Files.writeString(
                  dir.resolve("iisbot.yaml"),
                  """
                  server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
                  hosts:
                    - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
                  roles:
                    - {name: ops, members: ["slack:UOPS1"], allow: [{actions: ["*"], hosts: ["*"]}]}
                  """
                      .formatted(data.toString().replace("\\", "/"), agent.uri())),
              Map.of(
                  "BOT_SECRET",
                  "graceful-shutdown-bot-secret-0123456789",
                  "AGENT_SECRET",
                  new String(SECRET, StandardCharsets.UTF_8)));
      LocalChat chat = new LocalChat("memory", null);
      BotApp app = BotApp.start(config, Map.of(chat.platform(), chat), Clock.systemUTC());
      chat.connect(app.bot());
      Caller ops = new Caller(Identity.parse("slack:UOPS1"), List.of(), "Ops");
      String prompt = chat.type(ops, "C1", "/iis stop web01 --drain 60s").get(0);
      chat.click(ops, prompt, "Confirm");
      String op = awaitOperationOnAgent(app.store(), agent);

      long start = System.nanoTime();
      app.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.println("[shutdown] bot closed mid-drain in " + took.toMillis() + " ms");
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage))
          .contains("stopping: 1 operation left running for re-attachment");
      OperationView still = client(agent).operation(op);
      assertThat(still.result()).as("the agent's operation goes on").isNull();
      try (BotStore store = SqliteStore.open(data.resolve("iisbot.db"))) {
        assertThat(store.inFlight()).extracting(InFlight::operationId).containsExactly(op);
      }
    } finally {
      botLog.detachAppender(log);
      agent.close(Duration.ZERO);
    }
  }

  /** Waits until the bot recorded the operation and its agent runs it; returns its id. */
  private static String awaitOperationOnAgent(BotStore store, Agent agent) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      List<InFlight> ops = store.inFlight();
      if (!ops.isEmpty()) {
        try {
          client(agent).operation(ops.get(0).operationId());
          return ops.get(0).operationId();
        } catch (AgentException.NotFound notYet) {
          // The bot recorded it before asking the agent.
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the agent never got the operation");
  }

  private static AgentClient client(Agent agent) {
    return AgentClient.builder(agent.uri(), "bot", SECRET).name("web01").build();
  }
}
