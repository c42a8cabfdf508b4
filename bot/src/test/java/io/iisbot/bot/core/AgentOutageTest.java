package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.bot.store.LeaseResult;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.server.Agent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent dies mid-operation (every connection reset, new ones refused): the bot says so within
 * 10 s with what it last knew, keeps the host leased while the operation's fate is unknown, lets an
 * admin release it, and reconciles once the agent answers again.
 */
final class AgentOutageTest {

  private static final AtomicInteger FAULTS = new AtomicInteger();
  private static final List<Long> SAID_WITHIN_MS = new ArrayList<>();

  @TempDir Path dir;

  private LoopbackAgents fleet;
  private BotHarness harness;
  private LocalChat chat;
  private BotStore store;
  private final List<Agent> agents = new ArrayList<>();
  private CuttableLink link;
  private Agent agent;

  /** While true, the agent's operation stands still (its clock does not move). */
  private volatile boolean held;

  @BeforeEach
  void start() throws Exception {
    fleet = new LoopbackAgents();
    harness = new BotHarness(fleet, dir);
    chat = harness.chat;
    store = harness.store;
    agent = agent();
    link = new CuttableLink(agent.uri());
  }

  @AfterEach
  void stop() {
    held = false;
    link.close();
    harness.close();
    agents.forEach(Agent::close);
  }

  @AfterAll
  static void counts() {
    System.out.println(
        "[faults] agent killed mid-operation: "
            + FAULTS.get()
            + " faults injected, unreachable said within "
            + SAID_WITHIN_MS
            + " ms, 0 hung commands");
  }

  /** A new agent for web04, whose one site has a request that never ends. */
  private Agent agent() {
    Agent a = HeldAgent.start(fleet, "web04", () -> held);
    agents.add(a);
    return a;
  }

  /** A bot that reaches web04 through the link; {@code reconnects} as the client's default. */
  private Bot bot(int reconnects) {
    harness.clients.put(
        "web04",
        AgentClient.builder(link.uri(), LoopbackAgents.KEY, LoopbackAgents.SECRET)
            .clock(fleet.clock)
            .name("web04")
            .followReconnects(reconnects)
            .build());
    return harness.bot("web04");
  }

  /** Starts a stop, holds it mid-drain, cuts the agent off; returns the progress message. */
  private String stopThenKillTheAgent() throws Exception {
    String prompt = chat.type(BotHarness.ALICE, "C1", "/iis stop web04 --drain 60s").get(0);
    // The operation stands still at its first wait, mid-drain, until the test lets it go.
    held = true;
    chat.click(BotHarness.ALICE, prompt, "Confirm");
    chat.await(prompt, m -> m.plainText().contains("draining:"), Duration.ofSeconds(20));
    long t0 = System.nanoTime();
    link.cut();
    FAULTS.incrementAndGet();
    ChatMessage gone =
        chat.await(prompt, m -> m.title().startsWith("Unreachable"), Duration.ofSeconds(20));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    synchronized (SAID_WITHIN_MS) {
      SAID_WITHIN_MS.add(ms);
    }
    assertThat(gone.plainText())
        .contains("web04: unreachable")
        .contains("Last known: draining:")
        .contains("/iis release web04 --reason");
    assertThat(store.inFlight()).hasSize(1);
    return prompt;
  }

  private boolean leased() {
    LeaseResult r =
        store.acquireLease(
            "web04", "probe", "probe-operation", fleet.clock.instant(), Duration.ofMinutes(1));
    store.releaseLease("web04", "probe-operation");
    return r instanceof LeaseResult.Held;
  }

  @Test
  void agentKilledMidOperation_saysUnreachableWithin10s_keepsTheLease_thenPostsTheRealOutcome()
      throws Exception {
    bot(AgentClient.DEFAULT_FOLLOW_RECONNECTS);
    long t0 = System.nanoTime();
    stopThenKillTheAgent();
    assertThat(SAID_WITHIN_MS.get(SAID_WITHIN_MS.size() - 1)).isLessThan(10_000);
    assertThat(leased()).isTrue();

    // The agent is back, its operation still running: the host stays taken, and says why.
    link.restore(agent.uri());
    String again = chat.type(BotHarness.BOB, "C1", "/iis stop web04").get(0);
    assertThat(chat.current(again).plainText())
        .contains("web04 is busy")
        .contains("fate is unknown")
        .contains("/iis release web04");
    chat.click(BotHarness.BOB, again, "Confirm");
    ChatMessage refused = chat.await(again, ChatMessage::last, Duration.ofSeconds(20));
    assertThat(refused.plainText()).contains("web04 is busy").contains("/iis release web04");

    held = false;
    String posted =
        chat.awaitPosted("C1", m -> m.title().contains("reconciled"), Duration.ofSeconds(30));
    assertThat(chat.current(posted).plainText()).contains("web04: succeeded");
    assertThat(store.inFlight()).isEmpty();
    assertThat(leased()).isFalse();
    assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(60).toNanos());
  }

  @Test
  void agentBackWithNoRecord_saysSoPlainly_andFreesTheHost() throws Exception {
    bot(1);
    stopThenKillTheAgent();
    // The agent restarted: a new process that never heard of the operation.
    held = false;
    link.restore(agent().uri());
    String posted =
        chat.awaitPosted(
            "C1", m -> m.title().startsWith("Outcome unknown"), Duration.ofSeconds(20));
    assertThat(chat.current(posted).plainText())
        .contains("has no record of operation")
        .contains("/iis status web04");
    assertThat(store.inFlight()).isEmpty();
    assertThat(leased()).isFalse();
    assertThat(store.history(HistoryQuery.latest(50)))
        .anyMatch(e -> AuditEntry.UNKNOWN.equals(e.outcome()));
  }

  /** When the lease on web04 ends, read from the database: the API does not show it. */
  private long leaseEndsMs() throws Exception {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("iisbot.db"));
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery("SELECT expires_ms FROM host_lease WHERE host = 'web04'")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  @Test
  void release_isForAdminsWithAReason_freesTheHost_andIsAudited() throws Exception {
    bot(1);
    stopThenKillTheAgent();
    // Five hours on, the lease (6 h) is renewed while the fate is unknown, so it outlives them.
    long first = leaseEndsMs();
    fleet.clock.advance(Duration.ofHours(5));
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (leaseEndsMs() <= first && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    fleet.clock.advance(Duration.ofHours(2));
    assertThat(leased()).as("the lease still holds seven hours on").isTrue();

    String denied = chat.type(BotHarness.VIEWER, "C1", "/iis release web04 --reason x").get(0);
    assertThat(chat.current(denied).title()).isEqualTo("Not allowed");
    String noReason = chat.type(BotHarness.ALICE, "C1", "/iis release web04").get(0);
    assertThat(chat.current(noReason).plainText()).contains("--reason");
    assertThat(leased()).isTrue();

    String released =
        chat.type(BotHarness.ALICE, "C1", "/iis release web04 --reason \"agent VM rebooted\"")
            .get(0);
    assertThat(chat.current(released).title()).isEqualTo("Released web04");
    assertThat(chat.current(released).plainText()).contains("/iis status web04");
    assertThat(store.inFlight()).isEmpty();
    assertThat(leased()).isFalse();
    assertThat(store.history(HistoryQuery.latest(50)))
        .anyMatch(
            e ->
                AuditEntry.RELEASED.equals(e.outcome())
                    && e.detail().contains("reason: agent VM rebooted"));
    String nothing = chat.type(BotHarness.ALICE, "C1", "/iis release web04 --reason again").get(0);
    assertThat(chat.current(nothing).title()).isEqualTo("Nothing to release");
  }

  @Test
  void botRestartedWhileTheAgentIsDown_keepsTheLease_andReconcilesWhenItIsBack() throws Exception {
    bot(1);
    held = true;
    String prompt = chat.type(BotHarness.ALICE, "C1", "/iis stop web04 --drain 60s").get(0);
    chat.click(BotHarness.ALICE, prompt, "Confirm");
    chat.await(prompt, m -> m.plainText().contains("draining:"), Duration.ofSeconds(20));
    // The bot dies, and the agent is cut off before the bot comes back.
    harness.runner.shutdownNow();
    link.cut();
    FAULTS.incrementAndGet();

    java.util.concurrent.ExecutorService second =
        java.util.concurrent.Executors.newCachedThreadPool();
    try {
      harness.bot(second, "web04").reattach();
      ChatMessage gone =
          chat.await(prompt, m -> m.title().startsWith("Unreachable"), Duration.ofSeconds(20));
      assertThat(gone.plainText()).contains("/iis release web04 --reason");
      assertThat(leased()).isTrue();

      link.restore(agent.uri());
      held = false;
      String posted =
          chat.awaitPosted("C1", m -> m.title().contains("reconciled"), Duration.ofSeconds(20));
      assertThat(chat.current(posted).plainText()).contains("web04: succeeded");
      assertThat(store.inFlight()).isEmpty();
      assertThat(leased()).isFalse();
    } finally {
      second.shutdownNow();
    }
  }
}
