package io.iisbot.bot.core;

import static io.iisbot.bot.core.BotHarness.ALICE;
import static io.iisbot.bot.core.BotHarness.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.policy.People;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.config.HostPattern;
import io.iisbot.config.Policy;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.sim.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's findings about confirmations, tried as an insider would: each test is named after the
 * finding it covers and failed on the build before the fix.
 */
final class TrustTest {

  /** Alice's Discord account, as a console session signed in from Discord would present it. */
  static final Caller ALICE_ON_DISCORD =
      BotHarness.caller("discord:111", "alice (Discord)", "discord-role:222");

  static final Caller CAROL_ON_DISCORD =
      BotHarness.caller("discord:333", "carol", "discord-role:222");

  @TempDir Path dir;

  private BotHarness h;

  @BeforeEach
  void start() {
    LoopbackAgents fleet =
        new LoopbackAgents()
            .add("web01", Scenarios.named("healthy"))
            .add(
                "web02",
                Scenarios.parse(
                    "pools: [{name: DefaultAppPool}]\n"
                        + "sites: [{name: shop, pool: DefaultAppPool, requests: ["
                        + "{at: 0s, duration: 600s, url: /a}, {at: 0s, duration: 600s, url: /b},"
                        + " {at: 0s, duration: 600s, url: /c}]}]",
                    "busy-ish"))
            .add("web03", Scenarios.named("healthy"));
    h = new BotHarness(fleet, dir);
    h.roles =
        List.of(
            new Permissions.Role(
                "oncall",
                Set.of(Identity.parse("slack-group:SONCALL"), Identity.parse("discord-role:222")),
                List.of(new Permissions.Grant(Set.of("*"), List.of(new HostPattern("*"))))));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private ChatMessage current(String id) {
    return h.chat.current(id);
  }

  private boolean allSitesStarted(String host) {
    return h.fleet.hosts.get(host).sites().stream().allMatch(s -> s.state() == ObjectState.STARTED);
  }

  // ---- 1. one person approves their own production stop

  @Test
  void finding01_personApprovingFromTheirOtherAccount_isRefused() throws Exception {
    h.people =
        new People(
            Map.of(
                "alice",
                List.of(Identity.parse("slack:UALICE"), Identity.parse("discord:111")),
                "bob",
                List.of(Identity.parse("slack:UBOB"))));
    h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis stop web02 --drain 1s").get(0);
    h.chat.click(ALICE, prompt, "Confirm");

    String refusal = h.chat.click(ALICE_ON_DISCORD, prompt, "Approve").get(0);

    assertThat(current(refusal).status()).isEqualTo(Status.DENIED);
    assertThat(current(refusal).plainText())
        .contains("you asked for this (as person:alice)")
        .contains("needs someone else");
    assertThat(current(prompt).title()).startsWith("Awaiting a second approver");
    assertThat(allSitesStarted("web02")).isTrue();

    h.chat.click(BOB, prompt, "Approve");
    ChatMessage done = h.chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));
    assertThat(done.plainText()).contains("web02: succeeded");
    assertThat(h.store.history(HistoryQuery.latest(50)))
        .filteredOn(e -> "approved".equals(e.outcome()))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.detail())
                    .contains("by slack:UBOB (person:bob)")
                    .contains("requested by slack:UALICE (person:alice)")
                    .contains("confirmed by slack:UALICE"));
  }

  @Test
  void finding01_unlinkedAccountOnAnotherPlatform_cannotApprove() {
    h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis stop web02 --drain 1s").get(0);
    h.chat.click(ALICE, prompt, "Confirm");

    String refusal = h.chat.click(CAROL_ON_DISCORD, prompt, "Approve").get(0);

    assertThat(current(refusal).plainText())
        .contains("approvals from another platform than the requester's (slack)")
        .contains("listed under people");
    assertThat(allSitesStarted("web02")).isTrue();
    assertThat(h.store.history(HistoryQuery.latest(20)))
        .anyMatch(
            e -> e.kind() == AuditEntry.Kind.DENIAL && e.detail().contains("approval refused"));
  }

  @Test
  void finding01_requesterConfirmingFromTheirOtherAccount_isThemStill() throws Exception {
    h.people =
        new People(
            Map.of(
                "alice", List.of(Identity.parse("slack:UALICE"), Identity.parse("discord:111"))));
    h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis suspend web01").get(0);
    String bobs = h.chat.type(BOB, "C1", "/iis suspend web03").get(0);

    String notHers = h.chat.click(ALICE_ON_DISCORD, bobs, "Confirm").get(0);
    h.chat.click(ALICE_ON_DISCORD, prompt, "Confirm");
    ChatMessage done = h.chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));

    assertThat(current(notHers).plainText()).contains("only Bob can confirm this");
    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(allSitesStarted("web03")).isTrue();
  }

  // ---- 3. the plan confirmed is not the plan that runs

  @Test
  void finding03_hostJoiningTheTargetBeforeConfirm_runsNothingAndPromptsAfresh() {
    h.bot("web01", "web03");
    String prompt = h.chat.type(ALICE, "C1", "/iis suspend web0*").get(0);
    assertThat(current(prompt).fields())
        .filteredOn(f -> f.name().equals("Hosts"))
        .singleElement()
        .extracting(ChatMessage.Field::value)
        .isEqualTo("2: web01, web03");

    h.bot(); // a replica (or a restart) whose inventory has web02 too
    h.chat.click(ALICE, prompt, "Confirm");

    ChatMessage fresh = current(prompt);
    assertThat(fresh.title()).isEqualTo("Confirm: /iis suspend web0*");
    assertThat(fresh.plainText())
        .contains("Changed since it was last shown, so nothing ran")
        .contains("web02 now also matches the target")
        .contains("Hosts: 3: web01, web02, web03");
    assertThat(allSitesStarted("web01")).isTrue();
    assertThat(allSitesStarted("web02")).isTrue();
  }

  @Test
  void finding03_planChangedOnTheHostBeforeConfirm_runsNothingAndSaysWhat() {
    h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis suspend web02").get(0);
    h.fleet.hosts.get("web02").stopSite("shop"); // someone else stopped it meanwhile

    h.chat.click(ALICE, prompt, "Confirm");

    assertThat(current(prompt).plainText())
        .contains("Changed since it was last shown, so nothing ran")
        .contains("web02: sites now none (were shop)");
    assertThat(current(prompt).buttons()).extracting(ChatMessage.Button::label).contains("Confirm");
    assertThat(h.store.history(HistoryQuery.latest(20)))
        .filteredOn(e -> e.kind() == AuditEntry.Kind.RESULT)
        .isEmpty();
  }

  @Test
  void finding03_unchangedPlan_runsWithTheConfirmedIdentity() throws Exception {
    h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis suspend web01").get(0);

    h.chat.click(ALICE, prompt, "Confirm");
    ChatMessage done = h.chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));

    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
  }

  // ---- 4. tokens are bound to their message, channel and platform

  @Test
  void finding04_tokenFromOnePlatform_isRefusedOnAnother_andAudited() {
    Bot bot = h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis suspend web01").get(0);
    ChatMessage.Button confirm = current(prompt).buttons().get(0);

    ChatReply elsewhere =
        bot.onAction(
            new ChatAction("console", ALICE, "console", "m77", confirm.action(), confirm.value()));

    assertThat(elsewhere.messages().get(0).plainText())
        .contains("belongs to a prompt shown elsewhere");
    assertThat(allSitesStarted("web01")).isTrue();
    assertThat(h.store.history(HistoryQuery.latest(20)))
        .anyMatch(
            e ->
                e.kind() == AuditEntry.Kind.DENIAL
                    && e.detail().contains("was clicked on console channel console message m77"));
  }

  @Test
  void finding04_tokenInAnotherChannel_isRefused() {
    Bot bot = h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis suspend web01").get(0);
    ChatMessage.Button confirm = current(prompt).buttons().get(0);

    ChatReply elsewhere =
        bot.onAction(
            new ChatAction(
                BotHarness.PLATFORM, ALICE, "C2", prompt, confirm.action(), confirm.value()));

    assertThat(elsewhere.messages().get(0).plainText())
        .contains("belongs to a prompt shown elsewhere");
    assertThat(allSitesStarted("web01")).isTrue();
  }

  @Test
  void finding04_tokenOnAnotherMessage_afterItsFirstClick_isRefused() {
    Bot bot = h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis stop web02 --drain 1s").get(0);
    h.chat.click(ALICE, prompt, "Confirm");
    ChatMessage.Button approve = current(prompt).buttons().get(0);
    String other = h.chat.type(BOB, "C1", "/iis suspend web01").get(0);

    ChatReply moved =
        bot.onAction(
            new ChatAction(
                BotHarness.PLATFORM, BOB, "C1", other, approve.action(), approve.value()));

    assertThat(moved.messages().get(0).plainText()).contains("belongs to a prompt shown elsewhere");
    assertThat(current(other).title()).isEqualTo("Confirm: /iis suspend web01");
    assertThat(allSitesStarted("web02")).isTrue();
  }

  // ---- 5. only the first matching policy applied

  @Test
  void finding05_timeoutOnlyPolicyListedFirst_doesNotDisableALaterSecondApprover() {
    h.policies =
        List.of(
            new Policy(
                "slow-prompts",
                Set.of("suspend"),
                List.of(new HostPattern("*")),
                false,
                Duration.ofMinutes(10),
                OptionalInt.empty()),
            new Policy(
                "web01-two-people",
                Set.of("suspend"),
                List.of(new HostPattern("web01")),
                true,
                Duration.ofMinutes(5),
                OptionalInt.empty()));
    h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis suspend web01").get(0);

    assertThat(current(prompt).plainText())
        .contains("Policy slow-prompts, web01-two-people: a second person");
    h.chat.click(ALICE, prompt, "Confirm");
    assertThat(current(prompt).title()).startsWith("Awaiting a second approver");
    assertThat(allSitesStarted("web01")).isTrue();

    h.fleet.clock.advance(Duration.ofMinutes(6)); // the stricter timeout wins: 5 min, not 10
    String late = h.chat.click(BOB, prompt, "Approve").get(0);
    assertThat(current(late).plainText()).contains("expired");
    assertThat(allSitesStarted("web01")).isTrue();
  }

  // ---- 6. the preview shows the first host only

  @Test
  void finding06_promptShowsEveryHost_sumsAndTheBusiestNamed() {
    h.bot();
    String prompt = h.chat.type(ALICE, "C1", "/iis suspend @web").get(0);

    ChatMessage p = current(prompt);
    assertThat(p.plainText())
        .contains("Hosts: 3: web01, web02, web03")
        .containsPattern("Requests in flight: \\d+ in all; most on web02 \\(3\\)")
        .contains("Sites: Default Web Site, api.contoso.com, shop (on 3 of 3 hosts)")
        .contains("⚠ W3SVC does not accept PAUSE")
        .doesNotContain("web02: W3SVC");
  }

  @Test
  void finding06_anAgentRefusingThePlan_isNamedBeforeConfirmIsOffered() {
    h.fleet.add(
        "web04",
        Scenarios.named("healthy"),
        new AllowList(List.of("*"), List.of("*"), List.of("Default Web Site"), false));
    h.bot();
    h.fleet.hosts.get("web04"); // web04 has sites its agent may not touch

    String id = h.chat.type(ALICE, "C1", "/iis suspend web01,web04").get(0);

    ChatMessage m = current(id);
    assertThat(m.title()).isEqualTo("Cannot preview");
    assertThat(m.buttons()).isEmpty();
    assertThat(m.plainText()).contains("web04's agent refused the request").contains("allow-list");
    assertThat(allSitesStarted("web01")).isTrue();
  }

  // ---- 10. reads honour permissions (chat, as the console does)

  @Test
  void finding10_chatHistory_showsOnlyHostsTheReaderMayRead() throws Exception {
    Caller web02Reader = BotHarness.caller("slack:UWEB2", "Dana", "slack-group:SWEB2");
    h.roles =
        List.of(
            h.roles.get(0),
            new Permissions.Role(
                "web02-readers",
                Set.of(Identity.parse("slack-group:SWEB2")),
                List.of(
                    new Permissions.Grant(Set.of("history"), List.of(new HostPattern("web02"))))));
    h.bot();
    for (String host : List.of("web01", "web02")) {
      String prompt = h.chat.type(ALICE, "C1", "/iis suspend " + host).get(0);
      h.chat.click(ALICE, prompt, "Confirm");
      h.chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));
    }

    ChatMessage mine =
        current(h.chat.type(web02Reader, "C1", "/iis history --outcome succeeded").get(0));
    ChatMessage denied = current(h.chat.type(web02Reader, "C1", "/iis history web01").get(0));
    ChatMessage all = current(h.chat.type(ALICE, "C1", "/iis history --action suspend").get(0));

    assertThat(mine.lines())
        .isNotEmpty()
        .allMatch(l -> l.contains("web02"))
        .noneMatch(l -> l.contains("web01"));
    assertThat(mine.lines()).allMatch(l -> l.endsWith("→ succeeded"));
    assertThat(denied.status()).isEqualTo(Status.DENIED);
    assertThat(denied.plainText()).contains("you may not history web01");
    assertThat(all.lines()).anyMatch(l -> l.contains("web01")).anyMatch(l -> l.contains("web02"));
    assertThat(all.lines()).allMatch(l -> l.contains(" suspend "));
  }
}
