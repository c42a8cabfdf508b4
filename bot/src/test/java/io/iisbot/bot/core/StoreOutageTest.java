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
import io.iisbot.bot.store.PostgresStore;
import io.iisbot.bot.store.SqliteStore;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.sim.Scenarios;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store cannot be written (another connection holds SQLite's file lock; PostgreSQL stops) while
 * an operation runs: new state-changing commands are refused plainly, reads still answer, the
 * running operation goes on and its audit, result and lease are written once the store is back.
 */
final class StoreOutageTest {

  @TempDir Path dir;

  private LoopbackAgents fleet;
  private BotHarness harness;
  private LocalChat chat;
  private BotStore store;
  private Agent agent;
  private volatile boolean held;

  /** Makes the store unwritable, then brings it back. */
  interface Outage {
    void begin() throws Exception;

    void end() throws Exception;
  }

  private void open(java.util.function.Function<java.time.Clock, BotStore> opener) {
    fleet = new LoopbackAgents().add("web01", Scenarios.named("healthy"));
    store = opener.apply(fleet.clock);
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
    if (harness != null) {
      harness.close();
      agent.close();
    }
  }

  private ChatMessage type(String line) {
    List<String> ids =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> chat.type(BotHarness.ALICE, "C1", line));
    return chat.current(ids.get(0));
  }

  @Test
  void sqliteLocked_refusesChanges_keepsTheRunningOperation_andWritesItWhenBack() throws Exception {
    Path file = dir.resolve("iisbot.db").toAbsolutePath();
    open(clock -> SqliteStore.open(file, clock, Duration.ofMillis(200)));
    Connection[] lock = new Connection[1];
    survive(
        "SQLite locked",
        new Outage() {
          @Override
          public void begin() throws Exception {
            lock[0] = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = lock[0].createStatement()) {
              s.execute("BEGIN EXCLUSIVE");
            }
          }

          @Override
          public void end() throws Exception {
            try (Statement s = lock[0].createStatement()) {
              s.execute("ROLLBACK");
            }
            lock[0].close();
          }
        });
  }

  @Test
  void postgresStopped_refusesChanges_keepsTheRunningOperation_andWritesItWhenBack()
      throws Exception {
    Path data = dir.resolve("pg");
    EmbeddedPostgres[] pg = {
      EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start()
    };
    int port = pg[0].getPort();
    try {
      String url = pg[0].getJdbcUrl("postgres", "postgres");
      open(clock -> PostgresStore.open(url, "postgres", null, clock));
      survive(
          "PostgreSQL stopped",
          new Outage() {
            @Override
            public void begin() throws Exception {
              pg[0].close();
            }

            @Override
            public void end() throws Exception {
              pg[0] =
                  EmbeddedPostgres.builder()
                      .setDataDirectory(data)
                      .setCleanDataDirectory(false)
                      .setPort(port)
                      .start();
            }
          });
    } finally {
      stop();
      harness = null;
      pg[0].close();
    }
  }

  private void survive(String what, Outage outage) throws Exception {
    held = true;
    String prompt = chat.type(BotHarness.ALICE, "C1", "/iis stop web04 --drain 60s").get(0);
    chat.click(BotHarness.ALICE, prompt, "Confirm");
    chat.await(prompt, m -> m.plainText().contains("draining:"), Duration.ofSeconds(20));
    String op = store.inFlight().get(0).operationId();

    outage.begin();
    try {
      ChatMessage refused = type("/iis recycle web01 pool:DefaultAppPool");
      assertThat(refused.title()).isEqualTo("Store unavailable");
      assertThat(refused.plainText())
          .contains(
              "the bot cannot write its audit trail right now; nothing was done — try again in a"
                  + " minute");
      assertThat(type("/iis status web01").plainText()).contains("W3SVC");
      assertThat(type("/iis help").title()).isNotEqualTo("Store unavailable");

      // The operation goes on and ends while the store is down; chat hears of it at once.
      held = false;
      ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));
      assertThat(done.title()).startsWith("Done:");
      // Nothing new runs while its writes wait.
      assertThat(type("/iis recycle web01 pool:DefaultAppPool").title())
          .isEqualTo("Store unavailable");
    } finally {
      outage.end();
    }

    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < until && !written(op)) {
      Thread.sleep(50);
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
        "[faults] store unavailable ("
            + what
            + "): 1 fault injected, 2 changes refused, 1 running operation written when back, 0"
            + " hung commands");
  }

  /** Whether the operation's end reached the store; false while the store is still coming up. */
  private boolean written(String op) {
    try {
      return store.inFlight().isEmpty()
          && store.history(HistoryQuery.latest(100)).stream()
              .anyMatch(e -> e.kind() == AuditEntry.Kind.RESULT && op.equals(e.operationId()));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
