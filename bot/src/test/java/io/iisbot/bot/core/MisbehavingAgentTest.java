package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.core.MeddlingAgent.Fault;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A whole bot in front of an agent that misbehaves: garbage, JSON of the wrong shape, an endless
 * body, silence, a progress stream that drops, carries garbage or an oversized event, or goes
 * quiet. Every command answers within its bound with a plain message, and the bot goes on answering
 * afterwards.
 */
final class MisbehavingAgentTest {

  /** The bot's agent calls wait this long; the default is 30 s. */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** No command, however broken the agent, takes longer than this to answer. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  private static final AtomicInteger FAULTS = new AtomicInteger();
  private static final AtomicInteger HUNG = new AtomicInteger();

  @TempDir static Path dir;

  static LoopbackAgents fleet;
  static BotHarness harness;
  static LocalChat chat;
  static MeddlingAgent meddler;

  @BeforeAll
  static void start() throws Exception {
    fleet = new LoopbackAgents().add("web01", Scenarios.named("healthy"));
    harness = new BotHarness(fleet, dir);
    chat = harness.chat;
    meddler = new MeddlingAgent(fleet.agents.get("web01").uri());
    harness.clients.put(
        "web01",
        AgentClient.builder(meddler.uri(), LoopbackAgents.KEY, LoopbackAgents.SECRET)
            .clock(fleet.clock)
            .name("web01")
            .requestTimeout(TIMEOUT)
            .retries(1)
            .followReconnects(2)
            .build());
    harness.bot("web01");
  }

  @AfterAll
  static void stop() {
    System.out.println(
        "[faults] misbehaving agent: "
            + FAULTS.get()
            + " faults injected, "
            + HUNG.get()
            + " hung commands, bot answering after each");
    meddler.close();
    harness.close();
  }

  @AfterEach
  void botStillAnswers() {
    meddler.clear();
    ChatMessage status = type("/iis status web01");
    assertThat(status.plainText()).contains("W3SVC");
  }

  /** Types a command and returns its first answer, failing (and counting) when it hangs. */
  private static ChatMessage type(String line) {
    try {
      List<String> ids =
          assertTimeoutPreemptively(BOUND, () -> chat.type(BotHarness.ALICE, "C1", line));
      return chat.current(ids.get(0));
    } catch (AssertionError e) {
      HUNG.incrementAndGet();
      throw e;
    }
  }

  /** Confirms a change and waits, bounded, for its final message. */
  private static ChatMessage confirmed(String line) throws InterruptedException {
    List<String> ids = chat.type(BotHarness.ALICE, "C1", line);
    chat.click(BotHarness.ALICE, ids.get(0), "Confirm");
    try {
      return chat.await(ids.get(0), ChatMessage::last, BOUND);
    } catch (AssertionError e) {
      HUNG.incrementAndGet();
      throw e;
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GARBAGE     | sent a snapshot in a form this bot cannot read",
        "WRONG_SHAPE | sent a snapshot in a form this bot cannot read",
        "OVERSIZED   | of more than 8 MiB",
        "SILENT      | did not answer the snapshot request within 2s; it may be overloaded or hung"
      })
  void status_ofABrokenAgent_answersPlainlyInTime(Fault fault, String said)
      throws InterruptedException {
    meddler.always(fault, "/v1/snapshot");
    FAULTS.incrementAndGet();
    // The last good snapshot (the previous test's check) may be shown for this long.
    Thread.sleep(io.iisbot.bot.core.HostDirectory.STATUS_MAX_AGE.toMillis() + 100);

    ChatMessage m = type("/iis status web01");

    assertThat(m.title()).isEqualTo("Agent problem");
    assertThat(m.plainText()).contains(said).doesNotContain("Exception");
  }

  @Test
  void progressStreamDropped_isResumedWhereItBroke() throws Exception {
    meddler.once(Fault.DROP_STREAM, "/progress");
    FAULTS.incrementAndGet();

    ChatMessage done = confirmed("/iis recycle web01 pool:DefaultAppPool");

    assertThat(done.title()).startsWith("Done:");
    assertThat(meddler.lastEventIds).anyMatch(id -> !id.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GARBAGE_EVENT | sent a progress event in a form this bot cannot read",
        "HUGE_EVENT    | of more than 1 MiB"
      })
  void progressStreamGarbled_failsPlainly_andFreesTheHost(Fault fault, String said)
      throws Exception {
    meddler.always(fault, "/progress");
    FAULTS.incrementAndGet();

    ChatMessage failed = confirmed("/iis recycle web01 pool:DefaultAppPool");

    assertThat(failed.title()).startsWith("Failed:");
    assertThat(failed.plainText()).contains(said).doesNotContain("Exception");
    assertThat(harness.store.inFlight()).isEmpty();
  }

  @Test
  void progressStreamSilent_saysUnreachable_thenReconciles() throws Exception {
    meddler.always(Fault.SILENT_STREAM, "/progress");
    FAULTS.incrementAndGet();

    ChatMessage quiet = confirmed("/iis recycle web01 pool:DefaultAppPool");

    assertThat(quiet.title()).startsWith("Unreachable:");
    assertThat(quiet.plainText())
        .contains("its agent went quiet during the operation")
        .contains("/iis release web01");
    meddler.clear();
    String posted =
        chat.awaitPosted(
            "C1",
            m -> m.title().contains("recycle web01 (reconciled") && m.last(),
            Duration.ofSeconds(20));
    assertThat(chat.current(posted).plainText()).contains("web01: succeeded");
    assertThat(harness.store.inFlight()).isEmpty();
  }
}
