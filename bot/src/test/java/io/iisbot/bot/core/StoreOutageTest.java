package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.bot.store.LeaseResult;
import io.iisbot.bot.store.SqliteStore;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store cannot be written (another connection holds SQLite's file lock) while an operation
 * runs: new state-changing commands are refused plainly, reads still answer, the running operation
 * goes on and its audit, result and lease are written once the store is back.
 */
final class StoreOutageTest {

  @TempDir Path dir;

  private LoopbackAgents fleet;
  private BotHarness harness;
  private LocalChat chat;
  private BotStore store;
  private Agent agent;
  private volatile boolean held;

  @BeforeEach
  void start() {
    fleet = new LoopbackAgents().add("web01", Scenarios.named("healthy"));
    store = SqliteStore.open(dir.resolve("iisbot.db"), fleet.clock, Duration.ofMillis(200));
    harness = new BotHarness(fleet, store);
    chat = harness.chat;
    agent = HeldAgent.start(fleet, "web04", () -> held);
    harness.clients.put(
        "web04",
        AgentClient.builder(agent.uri(), LoopbackAgents.KEY, LoopbackAgents.SECRET)
            .clock(fleet.clock)
            .name("web04")
            .build());
    harness.bot("web01", "web04");
  }

  @AfterEach
  void stop() {
    held = false;
    harness.close();
    agent.close();
  }

  private ChatMessage type(String line) {
    List<String> ids =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> chat.type(BotHarness.ALICE, "C1", line));
    return chat.current(ids.get(0));
  }

  @Test
  void sqliteLocked_refusesChanges_keepsTheRunningOperation_andWritesItWhenBack() throws Exception {
    held = true;
    String prompt = chat.type(BotHarness.ALICE, "C1", "/iis stop web04 --drain 60s").get(0);
    chat.click(BotHarness.ALICE, prompt, "Confirm");
    chat.await(prompt, m -> m.plainText().contains("draining:"), Duration.ofSeconds(20));
    String op = store.inFlight().get(0).operationId();
    int faults = 0;

    try (Connection lock =
        DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("iisbot.db").toAbsolutePath())) {
      try (Statement s = lock.createStatement()) {
        s.execute("BEGIN EXCLUSIVE");
      }
      faults++;

      ChatMessage refused = type("/iis recycle web01 pool:DefaultAppPool");
      assertThat(refused.title()).isEqualTo("Store unavailable");
      assertThat(refused.plainText())
          .contains(
              "the bot cannot write its audit trail right now; nothing was done — try again in a"
                  + " minute");
      assertThat(type("/iis status web01").plainText()).contains("W3SVC");
      assertThat(type("/iis help").title()).isNotEqualTo("Store unavailable");

      // The operation goes on and ends while the store is locked; chat hears of it at once.
      held = false;
      ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));
      assertThat(done.title()).startsWith("Done:");
      // Nothing new runs while its writes wait.
      assertThat(type("/iis recycle web01 pool:DefaultAppPool").title())
          .isEqualTo("Store unavailable");
      try (Statement s = lock.createStatement()) {
        s.execute("ROLLBACK");
      }
    }

    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!store.inFlight().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(store.inFlight()).isEmpty();
    assertThat(store.history(HistoryQuery.latest(100)))
        .anyMatch(
            e ->
                e.kind() == AuditEntry.Kind.RESULT
                    && op.equals(e.operationId())
                    && "succeeded".equals(e.outcome()));
    LeaseResult lease =
        store.acquireLease(
            "web04", "probe", "probe-operation", fleet.clock.instant(), Duration.ofMinutes(1));
    assertThat(lease).isInstanceOf(LeaseResult.Acquired.class);
    store.releaseLease("web04", "probe-operation");
    // Changes are taken again.
    assertThat(type("/iis recycle web01 pool:DefaultAppPool").title())
        .isNotEqualTo("Store unavailable");
    System.out.println(
        "[faults] store unavailable (SQLite locked): "
            + faults
            + " faults injected, 2 changes refused, 1 running operation written when back, 0 hung"
            + " commands");
  }
}
