package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.bot.store.Timer;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance windows and scheduled runs through the whole bot, in virtual time. */
final class WindowsTest {

  static final Caller ALICE = BotHarness.ALICE;
  static final Caller MALLORY = BotHarness.MALLORY;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private LoopbackAgents fleet;
  private BotHarness harness;
  private LocalChat chat;

  @BeforeEach
  void start() {
    fleet =
        new LoopbackAgents()
            .add("web01", Scenarios.named("healthy"))
            .add("web03", Scenarios.named("healthy"));
    harness = new BotHarness(fleet, dir);
    chat = harness.chat;
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** Types a state-changing command, confirms it, and waits for what replaces the prompt. */
  private String confirmed(String channel, String command) throws InterruptedException {
    String prompt = chat.type(ALICE, channel, command).get(0);
    chat.click(ALICE, prompt, "Confirm");
    chat.await(prompt, m -> m.last() || m.title().startsWith("Scheduled"), WAIT);
    return prompt;
  }

  private String posted(String channel, String titleStart) throws InterruptedException {
    return chat.awaitPosted(channel, m -> m.title().startsWith(titleStart), WAIT);
  }

  private List<ObjectState> sites(String host) {
    return fleet.hosts.get(host).sites().stream().map(s -> s.state()).toList();
  }

  @Test
  void window_endsByItselfInVirtualTime_acrossABotRestart() throws Exception {
    harness.bot();
    String prompt = confirmed("C1", "/iis suspend web03 --for 30m --reason \"patching\"");
    assertThat(chat.current(prompt).plainText()).contains("web03: succeeded");
    String opened = posted("C1", "Maintenance window open");
    assertThat(chat.current(opened).plainText())
        .contains("then iisbot resumes web03 by itself")
        .contains("reason: patching");
    assertThat(sites("web03")).doesNotContain(ObjectState.STARTED);
    Instant end = harness.store.pendingTimers(Windows.END).get(0).fireAt();

    // The bot dies; a new one on the same store takes the window over.
    harness.runner.shutdownNow();
    ExecutorService second = Executors.newCachedThreadPool();
    try {
      Bot restarted = harness.bot(second);
      fleet.clock.advance(Duration.between(fleet.clock.instant(), end).minusMinutes(4));
      restarted.tickTimers();
      String reminder = posted("C1", "Maintenance window ends soon");
      assertThat(chat.current(reminder).buttons())
          .extracting(ChatMessage.Button::label)
          .containsExactly("Extend 30 min", "End now");

      fleet.clock.advance(Duration.ofMinutes(4));
      restarted.tickTimers();
      String resumed =
          chat.awaitPosted(
              "C1", m -> m.title().startsWith("Done: /iis resume web03") && m.last(), WAIT);

      assertThat(chat.current(resumed).status()).isEqualTo(Status.SUCCESS);
      assertThat(sites("web03")).containsOnly(ObjectState.STARTED);
      assertThat(harness.store.pendingTimers(Windows.END)).isEmpty();
      assertThat(harness.store.history(HistoryQuery.latest(100)))
          .filteredOn(e -> e.kind() == AuditEntry.Kind.NOTICE)
          .extracting(AuditEntry::detail)
          .anyMatch(d -> d.contains("ended (its time was up)"));
      String list = chat.type(ALICE, "C1", "/iis windows").get(0);
      assertThat(chat.current(list).plainText()).contains("No maintenance window is open.");
    } finally {
      second.shutdownNow();
    }
  }

  @Test
  void reminder_extendMovesTheEnd_endNowEndsIt_andWindowsListsItUntilThen() throws Exception {
    Bot bot = harness.bot();
    confirmed("C1", "/iis suspend web03 --for 20m");
    posted("C1", "Maintenance window open");
    String list = chat.type(ALICE, "C2", "/iis windows").get(0);
    assertThat(chat.current(list).plainText())
        .contains("#1 web03: suspend by Alice; ends at 2026-01-05 09:2")
        .contains("[End now #1]");
    Timer window = harness.store.pendingTimers(Windows.END).get(0);

    fleet.clock.advance(Duration.between(fleet.clock.instant(), window.fireAt()).minusMinutes(5));
    bot.tickTimers();
    String reminder = posted("C1", "Maintenance window ends soon");
    chat.click(MALLORY, reminder, "Extend 30 min");
    chat.click(ALICE, reminder, "Extend 30 min");

    assertThat(Mention.names(chat.current(reminder).title()))
        .isEqualTo("Maintenance window extended by Alice: suspend web03");
    assertThat(harness.store.timer(window.id()).orElseThrow().fireAt())
        .isEqualTo(window.fireAt().plus(Windows.EXTENSION));
    fleet.clock.advance(Duration.ofMinutes(6));
    bot.tickTimers();
    assertThat(harness.store.pendingTimers(Windows.END)).hasSize(1);

    chat.click(ALICE, reminder, "End now");
    assertThat(chat.current(reminder).title()).startsWith("Maintenance window ended");
    chat.awaitPosted("C1", m -> m.title().startsWith("Done: /iis resume web03") && m.last(), WAIT);
    assertThat(sites("web03")).containsOnly(ObjectState.STARTED);
    String after = chat.type(ALICE, "C2", "/iis windows").get(0);
    assertThat(chat.current(after).plainText()).contains("No maintenance window is open.");
    assertThat(harness.store.history(HistoryQuery.latest(100)))
        .filteredOn(e -> e.kind() == AuditEntry.Kind.DENIAL)
        .extracting(AuditEntry::user)
        .contains("slack:UMAL");
  }

  @Test
  void promptForAHostInAWindowOrScheduled_saysSoAtOnce() throws Exception {
    harness.bot();
    confirmed("C1", "/iis suspend web03 --for 30m");
    posted("C1", "Maintenance window open");
    confirmed("C1", "/iis recycle web01 pool:DefaultAppPool --at 23:00");

    String onWindow = chat.type(ALICE, "C2", "/iis stop web03").get(0);
    String onScheduled = chat.type(ALICE, "C2", "/iis stop web01").get(0);

    assertThat(chat.current(onWindow).plainText())
        .contains("web03 is busy: a maintenance window (suspend) until");
    assertThat(chat.current(onScheduled).plainText())
        .contains("web01 is busy: a scheduled recycle at");
  }

  @Test
  void scheduledRun_runsAtItsTime_andIsListedWithCancelUntilThen() throws Exception {
    Bot bot = harness.bot();
    String scheduled = confirmed("C1", "/iis suspend web01 --at 10:00");
    String cancelled = confirmed("C1", "/iis suspend web03 --at 11:00");
    assertThat(chat.current(scheduled).plainText())
        .contains("Runs at 2026-01-05 10:00 Z on web01")
        .contains("[Cancel]");
    String list = chat.type(ALICE, "C1", "/iis scheduled").get(0);
    assertThat(chat.current(list).plainText())
        .contains("#1 2026-01-05 10:00 Z: /iis suspend web01 --at 10:00 (by Alice)")
        .contains("#2 2026-01-05 11:00 Z");
    chat.click(ALICE, cancelled, "Cancel");
    assertThat(chat.current(cancelled).title())
        .isEqualTo("Cancelled: /iis suspend web03 --at 11:00");

    bot.tickTimers();
    assertThat(sites("web01")).containsOnly(ObjectState.STARTED);
    fleet.clock.advance(
        Duration.between(fleet.clock.instant(), Instant.parse("2026-01-05T10:00:00Z")));
    bot.tickTimers();
    String run =
        chat.awaitPosted(
            "C1", m -> m.title().startsWith("Done: /iis suspend web01") && m.last(), WAIT);

    assertThat(chat.current(run).status()).isEqualTo(Status.SUCCESS);
    assertThat(sites("web01")).doesNotContain(ObjectState.STARTED);
    assertThat(chat.current(scheduled).title()).isEqualTo("Started: /iis suspend web01 --at 10:00");
    fleet.clock.advance(Duration.ofHours(2));
    bot.tickTimers();
    assertThat(sites("web03")).containsOnly(ObjectState.STARTED);
    String none = chat.type(ALICE, "C1", "/iis scheduled").get(0);
    assertThat(chat.current(none).plainText()).contains("No operation is scheduled.");
  }

  @Test
  void scheduledRun_whosePermissionWasRemoved_isRefusedAtItsStart() throws Exception {
    harness.bot();
    String scheduled = confirmed("C1", "/iis suspend web01 --at 10:00");

    harness.roles = List.of();
    Bot restarted = harness.bot();
    fleet.clock.advance(
        Duration.between(fleet.clock.instant(), Instant.parse("2026-01-05T10:00:00Z")));
    restarted.tickTimers();
    String refused = posted("C1", "Scheduled run refused");

    assertThat(chat.current(refused).plainText()).contains("<@UALICE> nothing ran");
    assertThat(chat.current(scheduled).title())
        .isEqualTo("Did not run: /iis suspend web01 --at 10:00");
    assertThat(sites("web01")).containsOnly(ObjectState.STARTED);
    assertThat(harness.store.history(HistoryQuery.latest(100)))
        .filteredOn(e -> e.kind() == AuditEntry.Kind.DENIAL)
        .extracting(AuditEntry::detail)
        .anyMatch(d -> d.contains("did not run"));
  }

  @Test
  void windowWhoseEndFails_tellsTheChannel_andMentionsTheRequester() throws Exception {
    Bot bot = harness.bot();
    confirmed("C1", "/iis suspend web03 --for 1m");
    posted("C1", "Maintenance window open");
    fleet.agents.get("web03").close();

    fleet.clock.advance(Duration.ofMinutes(2));
    bot.tickTimers();
    String failed = posted("C1", "Maintenance window did not end cleanly");

    assertThat(chat.current(failed).status()).isEqualTo(Status.FAILURE);
    assertThat(chat.current(failed).plainText())
        .contains("<@UALICE> iisbot could not resume web03 at the end of your maintenance window")
        .contains("They may still be suspended");
    assertThat(harness.store.history(HistoryQuery.latest(100)))
        .filteredOn(e -> e.kind() == AuditEntry.Kind.NOTICE)
        .extracting(AuditEntry::outcome)
        .contains("failed");
  }
}
