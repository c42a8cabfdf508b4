package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.bot.store.SqliteStore;
import io.iisbot.bot.store.Timer;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window's end timer claimed by a replica that died: another replica's heartbeat takes the claim
 * over once the dead one's beat is stale, and fires it, unless the audit says it had started.
 */
final class StaleClaimsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private LoopbackAgents fleet;
  private BotHarness harness;

  @BeforeEach
  void start() {
    fleet = new LoopbackAgents().add("web03", Scenarios.named("healthy"));
    harness = new BotHarness(fleet, SqliteStore.open(dir.resolve("bot.db"), fleet.clock));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** Opens a 10-minute window on web03, moves past its end; the end timer, still pending. */
  private Timer windowPastItsEnd(LocalChat chat) throws InterruptedException {
    String window = chat.type(BotHarness.ALICE, "C1", "/iis suspend web03 --for 10m").get(0);
    chat.click(BotHarness.ALICE, window, "Confirm");
    chat.awaitPosted("C1", m -> m.title().startsWith("Maintenance window open"), WAIT);
    fleet.clock.advance(Duration.ofMinutes(11));
    return harness.store.pendingTimers(Windows.END).get(0);
  }

  private List<AuditEntry> windowEnds() {
    return harness.store.history(HistoryQuery.latest(200)).stream()
        .filter(e -> e.kind() == AuditEntry.Kind.NOTICE && e.detail().contains("ended ("))
        .toList();
  }

  @Test
  void claimLeftByADeadReplica_isFiredByAnother_once() throws Exception {
    LocalChat chat = harness.chat;
    Bot b = harness.bot();
    Timer end = windowPastItsEnd(chat);
    // A replica claimed it, beat once, and died before firing it.
    harness.store.beat("bot-dead", fleet.clock.instant());
    assertThat(harness.store.claimTimer(end.id(), "bot-dead", fleet.clock.instant())).isTrue();

    b.heartbeat(); // its beat is fresh: left alone
    fleet.clock.advance(Bot.REPLICA_STALE.plusSeconds(1));
    b.heartbeat();
    b.heartbeat();

    chat.awaitPosted("C1", m -> m.title().startsWith("Done: /iis resume web03") && m.last(), WAIT);
    System.out.println(
        "[replicas] 1 timer left claimed by a dead replica, fired "
            + windowEnds().size()
            + " time");
    assertThat(windowEnds()).hasSize(1);
    assertThat(harness.store.timer(end.id()).orElseThrow().state()).isEqualTo(Timer.State.DONE);
  }

  @Test
  void claimLeftAfterTheWorkStarted_isOnlyMarkedDone() throws Exception {
    LocalChat chat = harness.chat;
    Bot b = harness.bot();
    Timer end = windowPastItsEnd(chat);
    harness.store.claimTimer(end.id(), "bot-dead", fleet.clock.instant());
    // The dead replica had audited the end (and started the resume) before it died.
    harness.store.record(
        new AuditEntry(
            0,
            fleet.clock.instant(),
            AuditEntry.Kind.NOTICE,
            "memory",
            null,
            "web03",
            "resume",
            null,
            null,
            null,
            "maintenance window " + end.id() + " ended (its time was up): /iis resume web03"));
    fleet.clock.advance(Bot.REPLICA_STALE.plusSeconds(1));

    b.heartbeat();

    long until = System.nanoTime() + WAIT.toNanos();
    while (harness.store.timer(end.id()).orElseThrow().state() != Timer.State.DONE
        && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(harness.store.timer(end.id()).orElseThrow().state()).isEqualTo(Timer.State.DONE);
    assertThat(windowEnds()).hasSize(1);
    assertThat(chat.messageIds("C1").stream().map(id -> chat.current(id).title()))
        .noneMatch(t -> t.startsWith("Done: /iis resume"));
  }
}
