package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The operator's controls through the whole bot: Abort, Pause/Continue, Undo. */
@Timeout(60)
final class ControlTest {

  static final Caller ALICE = BotHarness.ALICE;
  static final Caller BOB = BotHarness.BOB;
  static final Caller VIEWER = BotHarness.VIEWER;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private BotHarness harness;
  private LoopbackAgents fleet;
  private LocalChat chat;

  @BeforeEach
  void start() {
    fleet =
        new LoopbackAgents()
            .add(
                "web00",
                Scenarios.parse(
                    "pools: [{name: DefaultAppPool}, {name: Api, state: Stopped}]", "broken"))
            .add("web01", Scenarios.named("healthy"))
            .add("web02", Scenarios.named("busy"))
            .add("web03", Scenarios.named("healthy"))
            .add(
                "web05",
                Scenarios.parse(
                    "pools: [{name: P, shutdownTimeLimit: 90s}]\n"
                        + "sites: [{name: s, pool: P}, {name: t, pool: P}]\n"
                        + "faults: {endlessRequest: [s]}",
                    "endless"));
    harness = new BotHarness(fleet, dir);
    harness.policies = List.of();
    chat = harness.chat;
    harness.bot();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void abort_duringADrain_startsTheSitesAgain_andKillsNothing() throws Exception {
    SimulatedIisHost web05 = fleet.hosts.get("web05");
    String msg = confirmed(ALICE, "/iis stop web05 --drain 5m");
    assertThat(labels(chat.current(msg))).contains("Abort");
    awaitHost(() -> web05.sites().stream().allMatch(s -> s.state() == ObjectState.STOPPED));

    List<String> ack = chat.click(ALICE, msg, "Abort");
    ChatMessage done = await(msg, ChatMessage::last);

    assertThat(chat.current(ack.get(0)).title()).isEqualTo("Aborting");
    assertThat(done.title()).isEqualTo("Aborted: /iis stop web05 --drain 5m");
    assertThat(done.status()).isEqualTo(Status.WARNING);
    assertThat(done.plainText())
        .contains("Aborted by Alice")
        .contains("web05: aborted in")
        .contains("undone: started again site s, site t")
        .doesNotContain("killed");
    assertThat(labels(done)).doesNotContain("Abort", "Start");
    assertThat(web05.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
    assertThat(web05.pools()).extracting(AppPool::state).containsOnly(ObjectState.STARTED);
    assertThat(web05.workers()).isNotEmpty();
    assertThat(web05.services())
        .filteredOn(s -> s.name().equals("W3SVC"))
        .extracting(s -> s.state())
        .containsExactly(ServiceState.RUNNING);
    assertThat(harness.store.history(HistoryQuery.latest(50)))
        .anyMatch(
            e ->
                e.kind() == AuditEntry.Kind.CANCELLATION
                    && "slack:UALICE".equals(e.user())
                    && e.detail().startsWith("abort of "))
        .anyMatch(e -> e.kind() == AuditEntry.Kind.RESULT && "cancelled".equals(e.outcome()));
    assertThat(harness.store.inFlight()).isEmpty();
  }

  @Test
  void abort_afterABotRestart_goesThroughTheAgent() throws Exception {
    SimulatedIisHost web05 = fleet.hosts.get("web05");
    String msg = confirmed(ALICE, "/iis stop web05 --drain 5m");
    awaitHost(() -> web05.sites().stream().allMatch(s -> s.state() == ObjectState.STOPPED));
    // The bot dies mid-operation; the agent's operation goes on.
    harness.runner.shutdownNow();
    java.util.concurrent.ExecutorService second =
        java.util.concurrent.Executors.newCachedThreadPool();
    try {
      Bot restarted = harness.bot(second);
      restarted.reattach();

      List<String> ack = chat.click(BOB, msg, "Abort");
      ChatMessage done = await(msg, m -> m.title().contains("re-attached"));

      assertThat(chat.current(ack.get(0)).plainText()).contains("web05: asked to abort");
      assertThat(done.plainText()).contains("web05: aborted").contains("undone: started again");
      assertThat(web05.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
      assertThat(harness.store.inFlight()).isEmpty();
    } finally {
      second.shutdownNow();
    }
  }

  @Test
  void abort_bySomeoneWithoutThePermission_isRefusedAndAudited() throws Exception {
    SimulatedIisHost web05 = fleet.hosts.get("web05");
    String msg = confirmed(ALICE, "/iis stop web05 --drain 5m");
    awaitHost(() -> web05.sites().stream().allMatch(s -> s.state() == ObjectState.STOPPED));

    List<String> reply = chat.click(VIEWER, msg, "Abort");

    assertThat(chat.current(reply.get(0)).status()).isEqualTo(Status.DENIED);
    assertThat(chat.current(msg).last()).isFalse();
    assertThat(harness.store.history(HistoryQuery.latest(50)))
        .anyMatch(
            e ->
                e.kind() == AuditEntry.Kind.DENIAL
                    && "slack:UVIEW".equals(e.user())
                    && e.detail().startsWith("abort refused"));
    chat.click(ALICE, msg, "Abort");
    assertThat(await(msg, ChatMessage::last).title()).startsWith("Aborted:");
  }

  @Test
  void abort_ofARollingRecycle_startsNoNewBatch() throws Exception {
    String msg =
        confirmed(
            ALICE,
            "/iis recycle web01,web02,web03 pool:DefaultAppPool --batch 1 --pause-between 10m");
    ChatMessage between = await(msg, m -> m.plainText().contains("Next batch at"));

    assertThat(between.lines()).contains("web02: waiting", "web03: waiting");
    assertThat(between.lines()).anyMatch(l -> l.startsWith("web01: done"));
    assertThat(labels(between)).containsExactly("Pause", "Abort");
    chat.click(ALICE, msg, "Abort");
    ChatMessage done = await(msg, ChatMessage::last);

    assertThat(done.title()).startsWith("Aborted:");
    assertThat(done.plainText())
        .contains("web01: succeeded")
        .contains("Not run, because the operation was aborted: web02, web03");
    assertThat(harness.store.history(HistoryQuery.latest(100)))
        .filteredOn(e -> e.kind() == AuditEntry.Kind.RESULT)
        .extracting(AuditEntry::host)
        .containsOnly("web01");
  }

  @Test
  void pause_holdsTheNextBatch_andContinue_goesOn() throws Exception {
    String msg =
        confirmed(
            ALICE, "/iis recycle web01,web03 pool:DefaultAppPool --batch 1 --pause-between 1m");
    await(msg, m -> m.plainText().contains("Next batch at"));

    chat.click(BOB, msg, "Pause");
    fleet.clock.advance(Duration.ofMinutes(2));
    ChatMessage paused = await(msg, m -> m.plainText().contains("Paused by Bob"));

    assertThat(paused.lines()).contains("web03: waiting");
    assertThat(labels(paused)).containsExactly("Continue", "Abort");
    Thread.sleep(200); // real time: the paused run must not go on by itself
    assertThat(chat.current(msg).lines()).contains("web03: waiting");
    chat.click(ALICE, msg, "Continue");
    ChatMessage done = await(msg, ChatMessage::last);

    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(done.plainText()).contains("web01: succeeded").contains("web03: succeeded");
  }

  @Test
  void failedHost_holdsTheRollout_withContinueAnywayAndAbort() throws Exception {
    String msg = confirmed(ALICE, "/iis recycle web00,web01 pool:Api --batch 1");
    ChatMessage held = await(msg, m -> labels(m).contains("Continue anyway"));

    assertThat(held.lines()).contains("web01: waiting");
    assertThat(held.lines()).anyMatch(l -> l.startsWith("web00: failed"));
    assertThat(labels(held)).containsExactly("Continue anyway", "Abort");
    chat.click(ALICE, msg, "Abort");
    ChatMessage done = await(msg, ChatMessage::last);

    assertThat(done.plainText()).contains("Not run, because the operation was aborted: web01");
    assertThat(fleet.hosts.get("web01").pools())
        .extracting(AppPool::state)
        .containsOnly(ObjectState.STARTED);
  }

  @Test
  void undo_ofAStop_opensAPromptForStart_requestedByTheClicker() throws Exception {
    String msg = confirmed(ALICE, "/iis stop web01 site:\"Default Web Site\"");
    ChatMessage done = await(msg, ChatMessage::last);
    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(labels(done)).contains("Start");

    List<String> prompt = chat.click(BOB, msg, "Start");

    ChatMessage p = chat.current(prompt.get(0));
    assertThat(p.title()).isEqualTo("Confirm: /iis start web01 site:\"Default Web Site\"");
    assertThat(labels(p)).contains("Confirm", "Cancel");
    chat.click(BOB, prompt.get(0), "Confirm");
    assertThat(await(prompt.get(0), ChatMessage::last).status()).isEqualTo(Status.SUCCESS);
    assertThat(fleet.hosts.get("web01").sites())
        .extracting(Site::state)
        .containsOnly(ObjectState.STARTED);
    assertThat(chat.current(chat.click(VIEWER, msg, "Start").get(0)).status())
        .as("the clicker's own permission is checked")
        .isEqualTo(Status.DENIED);
  }

  private String confirmed(Caller who, String text) {
    String prompt = chat.type(who, "C1", text).get(0);
    chat.click(who, prompt, "Confirm");
    return prompt;
  }

  private ChatMessage await(String id, Predicate<ChatMessage> p) throws InterruptedException {
    return chat.await(id, p, WAIT);
  }

  /** Waits (real time) until the simulated host is as asked. */
  private static void awaitHost(java.util.function.BooleanSupplier ok) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("the host never got there");
      }
      Thread.sleep(5);
    }
  }

  private static List<String> labels(ChatMessage m) {
    return m.buttons().stream().map(ChatMessage.Button::label).toList();
  }
}
