package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.bot.store.InFlight;
import io.iisbot.config.HostPattern;
import io.iisbot.config.Policy;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the bot says during an incident, through the in-memory chat: a policy that needs a reason,
 * the reason on everything after, a prompt for a host that is busy, and people shown one way.
 */
final class IncidentTest {

  static final Caller ALICE = BotHarness.ALICE;
  static final Caller BOB = BotHarness.BOB;

  @TempDir Path dir;

  private BotHarness harness;
  private LocalChat chat;

  @BeforeEach
  void start() {
    harness =
        new BotHarness(
            new LoopbackAgents()
                .add("web01", Scenarios.named("healthy"))
                .add("web02", Scenarios.named("healthy"))
                .add(
                    "web04",
                    Scenarios.parse(
                        "pools: [{name: P, shutdownTimeLimit: 90s}]\n"
                            + "sites: [{name: s, pool: P}]\n"
                            + "faults: {endlessRequest: [s]}",
                        "endless")),
            dir);
    chat = harness.chat;
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private void requireReasonForStops() {
    harness.policies.add(
        new Policy(
            "change-record",
            Set.of("stop"),
            List.of(new HostPattern("*")),
            false,
            Duration.ofMinutes(2),
            OptionalInt.empty(),
            true));
  }

  @Test
  void requireReason_withoutReason_isRefusedAtOnce_sayingHowToAddOne() {
    requireReasonForStops();
    harness.bot();

    ChatMessage refused = chat.current(chat.type(ALICE, "C1", "/iis stop web01").get(0));
    ChatMessage otherVerb =
        chat.current(chat.type(ALICE, "C1", "/iis recycle web01 pool:DefaultAppPool").get(0));

    assertThat(refused.ephemeral()).isTrue();
    assertThat(refused.status()).isEqualTo(Status.DENIED);
    assertThat(refused.title()).isEqualTo("Reason needed");
    assertThat(refused.plainText())
        .contains("policy change-record needs a reason for stop on web01")
        .contains("add --reason \"why\", e.g. /iis stop web01 --reason \"patching KB5034441\"");
    assertThat(refused.buttons()).isEmpty();
    assertThat(otherVerb.title()).startsWith("Confirm:");
    assertThat(harness.store.history(HistoryQuery.latest(10)))
        .anyMatch(
            e ->
                e.kind() == AuditEntry.Kind.DENIAL
                    && "web01".equals(e.host())
                    && e.detail().contains("needs a reason"));
    assertThat(harness.fleet.hosts.get("web01").sites())
        .allMatch(s -> s.state() == ObjectState.STARTED);
  }

  @Test
  void requireReason_withReason_showsOnPromptProgressResultAndAudit() throws Exception {
    requireReasonForStops();
    harness.bot();

    String prompt = chat.type(ALICE, "C1", "/iis stop web01 --reason \"patching KB1\"").get(0);
    ChatMessage shown = chat.current(prompt);
    chat.click(ALICE, prompt, "Confirm");
    // Progress, or already the result: both say why.
    ChatMessage running = chat.current(prompt);
    ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));

    assertThat(running.fields()).contains(new Field(Messages.REASON_FIELD, "patching KB1"));
    assertThat(shown.title()).startsWith("Confirm:");
    assertThat(shown.plainText()).contains("Requested by Alice, reason: patching KB1");
    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(done.fields()).contains(new Field(Messages.REASON_FIELD, "patching KB1"));
    assertThat(harness.store.history(HistoryQuery.latest(50)))
        .filteredOn(e -> e.kind() == AuditEntry.Kind.RESULT)
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("reason: patching KB1"));
    assertThat(harness.store.history(HistoryQuery.latest(50)))
        .filteredOn(e -> e.kind() == AuditEntry.Kind.CONFIRMATION)
        .allSatisfy(e -> assertThat(e.detail()).contains("--reason \"patching KB1\""));
  }

  @Test
  void prompt_onAHostAnotherOperationRuns_saysWhoWhatAndSince() throws Exception {
    harness.bot();
    String first = chat.type(ALICE, "C1", "/iis stop web04 --drain 60s").get(0);
    chat.click(ALICE, first, "Confirm");
    chat.await(first, m -> m.plainText().contains("web04: running"), Duration.ofSeconds(20));

    ChatMessage second = chat.current(chat.type(BOB, "C2", "/iis start web04").get(0));

    assertThat(second.title()).startsWith("Confirm:");
    assertThat(second.lines().get(1))
        .startsWith("⚠ web04 is busy: stop by " + Mention.of(ALICE).token() + " since ")
        .contains("(operation op-")
        .endsWith("; Confirm fails while it lasts");
    assertThat(Mention.names(second.lines().get(1))).contains("stop by Alice since");
  }

  @Test
  void prompt_onAHostAnotherReplicaRuns_namesItsRequesterByIdentity() {
    harness.bot();
    harness.store.recordInFlight(
        new InFlight(
            "op-20260105-090000-abcdef-web01",
            "web01",
            "recycle",
            "pool:DefaultAppPool",
            "discord:80351110224678912",
            "discord:80351110224678912",
            "discord|1|2",
            Instant.parse("2026-01-05T09:00:00Z")));

    ChatMessage prompt = chat.current(chat.type(ALICE, "C1", "/iis stop web01,web02").get(0));

    assertThat(prompt.plainText())
        .contains(
            "⚠ web01 is busy: recycle pool:DefaultAppPool by 80351110224678912 since 2026-01-05"
                + " 09:00:00 UTC (operation op-20260105-090000-abcdef-web01)")
        .doesNotContain("web02 is busy");
  }

  @Test
  void requesterConfirmerAndApprover_areEachShownOneWay_theirPlatformsWay() throws Exception {
    harness.bot();

    String prompt = chat.type(ALICE, "C1", "/iis stop web02").get(0);
    ChatMessage asked = chat.current(prompt);
    chat.click(ALICE, prompt, "Confirm");
    ChatMessage awaiting = chat.current(prompt);
    chat.click(BOB, prompt, "Approve");
    ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));

    String alice = Mention.of(ALICE).token();
    assertThat(asked.lines().get(0)).isEqualTo("Requested by " + alice);
    assertThat(awaiting.lines().get(0)).startsWith("Confirmed by " + alice + ".");
    assertThat(done.fields())
        .contains(
            new Field("Requested by", alice),
            new Field("Confirmed by", alice),
            new Field("Approved by", Mention.of(BOB).token()));
    assertThat(done.plainText())
        .contains("Requested by: Alice")
        .contains("Confirmed by: Alice")
        .contains("Approved by: Bob");
  }
}
