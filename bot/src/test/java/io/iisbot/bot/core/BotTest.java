package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole bot through an in-memory chat: real agents on loopback, a real SQLite store. */
final class BotTest {

  static final Caller ALICE = BotHarness.ALICE;
  static final Caller BOB = BotHarness.BOB;
  static final Caller MALLORY = BotHarness.MALLORY;
  static final Caller VIEWER = BotHarness.VIEWER;
  static final String PLATFORM = BotHarness.PLATFORM;

  @TempDir Path dir;

  private BotHarness harness;
  private LoopbackAgents fleet;
  private LocalChat chat;
  private BotStore store;
  private Bot bot;

  @BeforeEach
  void start() {
    fleet =
        new LoopbackAgents()
            .add("web01", Scenarios.named("healthy"))
            .add("web02", Scenarios.named("healthy"))
            .add(
                "web04",
                Scenarios.parse(
                    "pools: [{name: P, shutdownTimeLimit: 90s}]\n"
                        + "sites: [{name: s, pool: P}]\n"
                        + "faults: {endlessRequest: [s]}",
                    "endless"))
            .add(
                "web03",
                Scenarios.parse(
                    "pools: [{name: DefaultAppPool}, {name: Api, state: Stopped}]", "broken"));
    harness = new BotHarness(fleet, dir);
    chat = harness.chat;
    store = harness.store;
  }

  private Bot newBot() {
    return harness.bot("web01", "web02", "web03", "web04");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private ChatMessage finalMessage(String id) throws InterruptedException {
    return chat.await(id, ChatMessage::last, Duration.ofSeconds(30));
  }

  @Test
  void permittedStop_withConfirmation_runsToAVerifiedResult() throws Exception {
    bot = newBot();

    String prompt = chat.type(ALICE, "C1", "/iis stop web01 --reason \"patching\"").get(0);
    ChatMessage p = chat.current(prompt);
    chat.click(ALICE, prompt, "Confirm");
    ChatMessage done = finalMessage(prompt);

    assertThat(p.title()).isEqualTo("Confirm: /iis stop web01 --reason \"patching\"");
    assertThat(p.ephemeral()).isFalse();
    assertThat(p.fields())
        .extracting(ChatMessage.Field::name)
        .contains("Hosts", "Sites", "Pools", "Services", "Requests in flight");
    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(done.plainText())
        .contains("web01: succeeded")
        .contains("✓ W3SVC is STOPPED")
        .contains("Confirmed by: Alice");
    assertThat(fleet.hosts.get("web01").sites())
        .extracting(s -> s.state())
        .containsOnly(ObjectState.UNKNOWN);
    assertThat(store.history(HistoryQuery.latest(50)))
        .extracting(AuditEntry::kind)
        .contains(
            AuditEntry.Kind.REQUEST,
            AuditEntry.Kind.CONFIRMATION,
            AuditEntry.Kind.STEP,
            AuditEntry.Kind.RESULT);
    assertThat(store.inFlight()).isEmpty();

    String op =
        done.fields().stream()
            .filter(f -> f.name().equals(Messages.OPERATION_FIELD))
            .findFirst()
            .orElseThrow()
            .value();
    Map<String, Object> trace = bot.traces().view(op).orElseThrow();
    assertThat(trace).containsEntry("final", true).containsEntry("requester", "slack:UALICE");
    @SuppressWarnings("unchecked")
    Map<String, Object> web01 = ((List<Map<String, Object>>) trace.get("hosts")).get(0);
    assertThat(web01).containsEntry("host", "web01").containsEntry("outcome", "succeeded");
    assertThat(web01.get("events").toString()).isNotBlank();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) web01.get("steps");
    assertThat(steps).isNotEmpty().allMatch(s -> !"running".equals(s.get("status")));
    assertThat(steps).allMatch(s -> s.get("tookMs") instanceof Long);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> checks = (List<Map<String, Object>>) web01.get("checks");
    assertThat(checks).isNotEmpty().allMatch(c -> Boolean.TRUE.equals(c.get("passed")));
  }

  @Test
  void consoleCommand_answersOnlyTheCaller_withALinkForThemOrADenial() {
    bot = newBot();

    ChatMessage link = chat.current(chat.type(ALICE, "C1", "/iis console").get(0));
    ChatMessage denied = chat.current(chat.type(VIEWER, "C1", "/iis console").get(0));

    assertThat(link.ephemeral()).isTrue();
    assertThat(link.plainText())
        .contains("https://iisbot.test/console/signin?t=slack:UALICE")
        .contains("works once");
    assertThat(denied.ephemeral()).isTrue();
    assertThat(denied.status()).isEqualTo(Status.DENIED);
    assertThat(denied.plainText()).contains("console").doesNotContain("signin");
  }

  @Test
  void deniedUser_getsThePrivateDenial_andNothingRuns() {
    bot = newBot();

    String id = chat.type(MALLORY, "C1", "/iis stop web01").get(0);
    ChatMessage m = chat.current(id);

    assertThat(m.ephemeral()).isTrue();
    assertThat(m.status()).isEqualTo(Status.DENIED);
    assertThat(m.plainText()).contains("you may not stop web01").contains("slack:UMAL");
    assertThat(m.buttons()).isEmpty();
    assertThat(fleet.hosts.get("web01").sites()).allMatch(s -> s.state() == ObjectState.STARTED);
    assertThat(store.history(HistoryQuery.latest(5)))
        .extracting(AuditEntry::kind)
        .containsExactly(AuditEntry.Kind.DENIAL);
  }

  @Test
  void anotherUsersConfirm_isRefused() {
    bot = newBot();
    String prompt = chat.type(ALICE, "C1", "/iis suspend web01").get(0);

    String refusal = chat.click(BOB, prompt, "Confirm").get(0);

    assertThat(chat.current(refusal).plainText()).contains("only Alice can confirm this");
    assertThat(chat.current(prompt).title()).startsWith("Confirm:");
    assertThat(fleet.hosts.get("web01").sites()).allMatch(s -> s.state() == ObjectState.STARTED);
  }

  @Test
  void expiredConfirmation_isRefused() {
    bot = newBot();
    String prompt = chat.type(ALICE, "C1", "/iis suspend web01").get(0);
    fleet.clock.advance(Duration.ofMinutes(3));

    String refusal = chat.click(ALICE, prompt, "Confirm").get(0);

    assertThat(chat.current(refusal).plainText()).contains("this confirmation expired");
    assertThat(fleet.hosts.get("web01").sites()).allMatch(s -> s.state() == ObjectState.STARTED);
  }

  @Test
  void doubleConfirm_runsOnce() throws Exception {
    bot = newBot();
    String prompt = chat.type(ALICE, "C1", "/iis suspend web01").get(0);
    ChatMessage.Button confirm = chat.current(prompt).buttons().get(0);

    chat.click(ALICE, prompt, "Confirm");
    ChatReply second =
        bot.onAction(
            new io.iisbot.adapters.chat.ChatAction(
                PLATFORM, ALICE, "C1", prompt, confirm.action(), confirm.value()));
    finalMessage(prompt);

    assertThat(second.messages().get(0).plainText())
        .contains("already confirmed, approved, replaced or cancelled");
    assertThat(store.history(HistoryQuery.latest(50)))
        .filteredOn(e -> e.kind() == AuditEntry.Kind.RESULT)
        .hasSize(1);
  }

  @Test
  void secondApproverPolicy_needsADifferentPersonWithTheRole() throws Exception {
    bot = newBot();
    String prompt = chat.type(ALICE, "C1", "/iis stop web02").get(0);
    assertThat(chat.current(prompt).plainText())
        .contains("a second person with the right role must approve");

    chat.click(ALICE, prompt, "Confirm");
    assertThat(chat.current(prompt).title()).startsWith("Awaiting a second approver");
    String selfApproval = chat.click(ALICE, prompt, "Approve").get(0);
    String outsider = chat.click(MALLORY, prompt, "Approve").get(0);
    assertThat(fleet.hosts.get("web02").sites()).allMatch(s -> s.state() == ObjectState.STARTED);
    chat.click(BOB, prompt, "Approve");
    ChatMessage done = finalMessage(prompt);

    assertThat(chat.current(selfApproval).plainText())
        .contains("you asked for this (as slack:UALICE)");
    assertThat(chat.current(outsider).plainText()).contains("you may not stop web02");
    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(done.plainText())
        .contains("Requested by: Alice")
        .contains("Confirmed by: Alice")
        .contains("Approved by: Bob");
  }

  @Test
  void rollingRecycleOfAGroup_stopsAtTheFailingHost() throws Exception {
    bot = newBot();
    String prompt = chat.type(ALICE, "C1", "/iis recycle @web pool:Api").get(0);

    chat.click(ALICE, prompt, "Confirm");
    ChatMessage done = finalMessage(prompt);

    assertThat(done.status()).isEqualTo(Status.FAILURE);
    assertThat(done.plainText())
        .contains("web01: succeeded")
        .contains("web02: succeeded")
        .contains("web03: failed");
    assertThat(chat.current(prompt).fields()).isNotNull();
  }

  @Test
  void permissionRemovedBetweenPromptAndClick_isRefused() {
    bot = newBot();
    String prompt = chat.type(ALICE, "C1", "/iis suspend web01").get(0);
    Caller aliceWithoutRole = new Caller(ALICE.user(), List.of(), "Alice");

    String refusal = chat.click(aliceWithoutRole, prompt, "Confirm").get(0);

    assertThat(chat.current(refusal).plainText()).contains("you may not suspend web01");
    assertThat(fleet.hosts.get("web01").sites()).allMatch(s -> s.state() == ObjectState.STARTED);
  }

  @Test
  void cancel_saysSo_andTheTokenCannotBeUsedAfter() {
    bot = newBot();
    String prompt = chat.type(ALICE, "C1", "/iis suspend web01").get(0);
    ChatMessage.Button confirm = chat.current(prompt).buttons().get(0);

    chat.click(ALICE, prompt, "Cancel");
    ChatReply late =
        bot.onAction(
            new io.iisbot.adapters.chat.ChatAction(
                PLATFORM, ALICE, "C1", prompt, confirm.action(), confirm.value()));

    assertThat(chat.current(prompt).title()).startsWith("Cancelled:");
    assertThat(late.messages().get(0).plainText())
        .contains("already confirmed, approved, replaced or cancelled");
  }

  @Test
  void helpStatusAndUsageErrors_answerTheCaller() {
    bot = newBot();

    ChatMessage help = chat.current(chat.type(VIEWER, "C1", "/iis help").get(0));
    ChatMessage status = chat.current(chat.type(VIEWER, "C1", "/iis status web01").get(0));
    ChatMessage typo = chat.current(chat.type(ALICE, "C1", "/iis stpo web01").get(0));
    ChatMessage unknownHost = chat.current(chat.type(ALICE, "C1", "/iis stop web09").get(0));

    assertThat(help.ephemeral()).isTrue();
    assertThat(help.plainText()).contains("status").doesNotContain("/iis stop");
    assertThat(status.title()).isEqualTo("web01 status");
    assertThat(typo.plainText()).contains("stpo").contains("Usage");
    assertThat(unknownHost.plainText()).contains("no host web09");
  }

  @Test
  void restartMidOperation_stillPostsTheResult() throws Exception {
    bot = newBot();
    String prompt = chat.type(ALICE, "C1", "/iis stop web04 --drain 60s").get(0);
    chat.click(ALICE, prompt, "Confirm");
    chat.await(prompt, m -> m.plainText().contains("web04: running"), Duration.ofSeconds(20));
    // The row says running once the bot took the host; wait until the agent has the operation.
    String op = store.inFlight().get(0).operationId();
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!agentHas("web04", op) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    // The bot dies mid-operation: its threads stop; the agent's operation goes on.
    harness.runner.shutdownNow();
    assertThat(store.inFlight()).hasSize(1);

    ExecutorService second = Executors.newCachedThreadPool();
    try {
      harness.roles = List.of();
      Bot restarted = harness.bot(second, "web04");
      restarted.reattach();
      ChatMessage done =
          chat.await(prompt, m -> m.title().contains("re-attached"), Duration.ofSeconds(30));

      assertThat(done.plainText()).contains("web04: succeeded").contains("requests cut");
      assertThat(store.inFlight()).isEmpty();
    } finally {
      second.shutdownNow();
    }
  }

  private boolean agentHas(String host, String operation) {
    try {
      fleet.client(host).operation(operation);
      return true;
    } catch (io.iisbot.iis.agent.AgentException e) {
      return false;
    }
  }
}
