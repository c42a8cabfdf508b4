package io.iisbot.bot.core;

import static io.iisbot.bot.core.BotHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.lb.Balancers;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.bot.lb.Haproxy;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.config.Host;
import io.iisbot.config.LoadBalancer;
import io.iisbot.config.Secret;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.sim.Scenarios;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bot with three hosts behind a real HAProxy (started here on 127.0.0.1, its servers
 * answering 200 while the simulated host's site runs): drain before a stop, restore after a start,
 * the capacity guard and a rolling recycle that keeps minInService.
 */
@Tag("haproxy")
final class LoadBalancerBotTest {

  private static final List<String> HOSTS = List.of("web01", "web02", "web03");

  @TempDir Path dir;
  private LoopbackAgents fleet;
  private BotHarness harness;
  private LocalChat chat;
  private Haproxy haproxy;

  @BeforeEach
  void start() throws Exception {
    fleet = new LoopbackAgents();
    for (String h : HOSTS) {
      // web03 also has a site whose pool never warms up, for the one test that starts it.
      String cold =
          h.equals("web03")
              ? ", {name: Cold, warmup: 1h}]\n"
                  + "sites: [{name: shop, pool: Api, bindings: [\"http/*:80:\"]},"
                  + " {name: cold.contoso.com, pool: Cold, bindings: [\"http/*:80:cold.contoso.com\"]}]"
              : "]\nsites: [{name: shop, pool: Api, bindings: [\"http/*:80:\"]}]";
      fleet.add(
          h,
          Scenarios.parse("pools: [{name: Api, disallowOverlappingRotation: true}" + cold, "farm"));
    }
    Files.createDirectories(dir.resolve("bot"));
    harness = new BotHarness(fleet, dir.resolve("bot"));
    harness.policies.clear();
    chat = harness.chat;
    Map<String, BooleanSupplier> servers = new LinkedHashMap<>();
    for (String h : HOSTS) {
      servers.put(
          h,
          () ->
              fleet.hosts.get(h).sites().stream().anyMatch(s -> s.state() == ObjectState.STARTED));
    }
    haproxy = new Haproxy(dir, servers);
    haproxy.await("all three are UP", () -> haproxy.up() == 3);
  }

  @AfterEach
  void stop() {
    harness.close();
    haproxy.close();
  }

  private Bot bot(LoadBalancer.Haproxy edge) {
    Bot b = harness.bot(HOSTS.toArray(String[]::new));
    List<Host> hosts = new ArrayList<>();
    for (String h : HOSTS) {
      hosts.add(
          new Host(
              h,
              URI.create("https://" + h + ":9701"),
              "bot",
              Secret.of("0123456789abcdef0123456789abcdef-" + h),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(new Host.Behind(edge.name(), Optional.empty()))));
    }
    b.useBalancing(
        new Balancing(
            hosts,
            List.of(edge),
            Map.of(edge.name(), Balancers.of(edge)),
            Clock.systemUTC(),
            d -> Thread.sleep(d.toMillis()),
            Balancing.overlappedRecycle(h -> fleet.client(h).snapshot())));
    return b;
  }

  private ChatMessage run(String command) throws InterruptedException {
    String prompt = chat.type(ALICE, "C1", command).get(0);
    chat.click(ALICE, prompt, "Confirm");
    return chat.await(prompt, ChatMessage::last, Duration.ofSeconds(60));
  }

  private boolean shopRuns(String host) {
    return fleet.hosts.get(host).sites().stream().anyMatch(s -> s.state() == ObjectState.STARTED);
  }

  @Test
  void stop_drainsAtTheBalancerFirst_andWaitsForItsSessions_beforeTheAgentIsAsked()
      throws Exception {
    bot(haproxy.config("edge", "1"));
    try (Socket held = haproxy.slowRequest()) {
      haproxy.await("web01 holds a session", () -> haproxy.servers().get("web01").sessions() == 1);

      String prompt = chat.type(ALICE, "C1", "/iis stop web01").get(0);
      String shown = chat.current(prompt).plainText();
      chat.click(ALICE, prompt, "Confirm");
      haproxy.await("web01 drains", () -> haproxy.servers().get("web01").status().equals("DRAIN"));
      chat.await(
          prompt,
          m -> m.plainText().contains("wait until web01 has no connections"),
          Duration.ofSeconds(20));
      // Its session is still open: the agent has not been asked yet.
      assertThat(shopRuns("web01")).isTrue();
      assertThat(haproxy.servers().get("web01").sessions()).isEqualTo(1);

      haproxy.release();
      assertThat(Haproxy.readAll(held)).contains("200");
      ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(60));

      assertThat(shown)
          .contains("take web01 out of edge/web (2 of 3 servers stay in)")
          .contains("wait until web01 has no connections at edge (up to 20s)");
      assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
      assertThat(done.plainText())
          .contains("✓ take web01 out of edge/web (2 of 3 servers stay in)")
          .contains("✓ wait until web01 has no connections at edge (up to 20s) — 0 connections");
      assertThat(shopRuns("web01")).isFalse();
      assertThat(haproxy.servers().get("web01").inService()).isFalse();
    }
  }

  @Test
  void start_putsTheHostBack_andWaitsUntilTheBalancerReportsItUp() throws Exception {
    bot(haproxy.config("edge", "1"));
    assertThat(run("/iis stop web01").status()).isEqualTo(Status.SUCCESS);
    haproxy.await("web01 is out", () -> !haproxy.servers().get("web01").inService());

    String prompt = chat.type(ALICE, "C1", "/iis start web01").get(0);
    String shown = chat.current(prompt).plainText();
    chat.click(ALICE, prompt, "Confirm");
    ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(60));

    assertThat(shown)
        .contains("put web01 back into edge/web")
        .contains("wait until edge reports web01 UP");
    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(done.plainText())
        .contains("✓ put web01 back into edge/web — ready")
        .contains("✓ wait until edge reports web01 UP (up to 20s) — UP after");
    assertThat(haproxy.servers().get("web01").status()).startsWith("UP");
    // Back into rotation only once the sites answered.
    String text = done.plainText();
    assertThat(text.indexOf("✓ warm-up shop"))
        .isPositive()
        .isLessThan(text.indexOf("✓ put web01 back"));
  }

  @Test
  void start_whoseWarmUpFails_leavesTheHostOutOfTheBalancer() throws Exception {
    bot(haproxy.config("edge", "1"));
    assertThat(run("/iis stop web03 pool:Cold").status()).isEqualTo(Status.SUCCESS);
    haproxy.await("web03 is out", () -> !haproxy.servers().get("web03").inService());

    ChatMessage done = run("/iis start web03 pool:Cold");

    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.FAILURE);
    assertThat(done.plainText())
        .contains("✗ warm-up cold.contoso.com")
        .doesNotContain("put web03 back into edge/web — ready");
    assertThat(haproxy.servers().get("web03").inService()).isFalse();
  }

  @Test
  void capacityGuard_refusesTheThirdOfThreeHosts_withTheLiveNumbers() throws Exception {
    bot(haproxy.config("edge", "1"));
    assertThat(run("/iis stop web01").status()).isEqualTo(Status.SUCCESS);
    assertThat(run("/iis stop web02").status()).isEqualTo(Status.SUCCESS);

    ChatMessage refused = chat.current(chat.type(ALICE, "C1", "/iis stop web03").get(0));

    assertThat(refused.title()).isEqualTo("Refused: too few servers would stay in service");
    assertThat(refused.plainText())
        .contains(
            "stop web03 would leave 0 of 3 servers in service in edge/web (1 are now); its"
                + " minInService is 1 (1)");
    assertThat(shopRuns("web03")).isTrue();
    assertThat(haproxy.servers().get("web03").status()).startsWith("UP");
    assertThat(harness.store.history(HistoryQuery.latest(50)))
        .anyMatch(e -> e.kind() == AuditEntry.Kind.DENIAL && e.detail().contains("minInService"));
  }

  @Test
  void confirm_afterTheBackendLostServers_isRefusedByTheGuardAgain() throws Exception {
    bot(haproxy.config("edge", "1"));
    String prompt = chat.type(ALICE, "C1", "/iis stop web01").get(0);
    haproxy.command("set server web/web02 state maint");
    haproxy.command("set server web/web03 state maint");

    String refusal = chat.click(ALICE, prompt, "Confirm").get(0);

    assertThat(chat.current(refusal).plainText())
        .contains(
            "the command no longer applies, so nothing ran: stop web01 would leave 0 of 3 servers"
                + " in service in edge/web (1 are now)");
    assertThat(shopRuns("web01")).isTrue();
    assertThat(haproxy.servers().get("web01").status()).startsWith("UP");
  }

  @Test
  void rollingRecycle_sizesItsBatches_andNeverLeavesFewerThanMinInServiceUp() throws Exception {
    bot(haproxy.config("edge", "2"));
    List<Integer> samples = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                samples.add(haproxy.up());
              }
            });

    String prompt =
        chat.type(ALICE, "C1", "/iis recycle web01,web02,web03 pool:Api --batch 3").get(0);
    String shown = chat.current(prompt).plainText();
    sampler.start();
    chat.click(ALICE, prompt, "Confirm");
    ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(90));
    sampling.set(false);
    sampler.join();

    assertThat(shown).contains("Batches of 1 so edge/web keeps at least 2 of 3 servers in service");
    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    for (String h : HOSTS) {
      assertThat(done.plainText())
          .contains("✓ take " + h + " out of edge/web (2 of 3 servers stay in)")
          .contains("✓ put " + h + " back into edge/web");
    }
    IntSummaryStatistics up;
    synchronized (samples) {
      up = samples.stream().mapToInt(Integer::intValue).summaryStatistics();
    }
    assertThat(up.getCount()).isGreaterThan(10);
    assertThat(up.getMin()).as("fewest servers UP while it ran").isEqualTo(2);
    assertThat(haproxy.up()).isEqualTo(3);
  }

  @Test
  void noLb_leavesTheBalancerAlone_andIsAudited() throws Exception {
    bot(haproxy.config("edge", "1"));

    String prompt = chat.type(ALICE, "C1", "/iis stop web01 --no-lb").get(0);
    String shown = chat.current(prompt).plainText();
    chat.click(ALICE, prompt, "Confirm");
    ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(60));

    assertThat(shown).contains("⚠ --no-lb: web01 stays in rotation at the load balancer");
    assertThat(done.status()).isEqualTo(Status.SUCCESS);
    assertThat(done.plainText()).doesNotContain("edge/web");
    assertThat(haproxy.servers().get("web01").status()).isNotEqualTo("DRAIN");
    assertThat(harness.store.history(HistoryQuery.latest(50)))
        .anyMatch(e -> e.detail() != null && e.detail().contains("--no-lb"));
  }

  @Test
  void unreachableBalancer_failsThePrompt() {
    bot(
        new LoadBalancer.Haproxy(
            "edge",
            URI.create("tcp://127.0.0.1:1"),
            List.of("web"),
            LoadBalancer.MinInService.parse("1"),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5)));

    ChatMessage m = chat.current(chat.type(ALICE, "C1", "/iis stop web01").get(0));

    assertThat(m.title()).isEqualTo("Cannot check the load balancer");
    assertThat(m.plainText())
        .contains(
            "Nothing can be confirmed until the load balancer answers: cannot reach load"
                + " balancer edge at tcp://127.0.0.1:1");
    assertThat(m.buttons()).isEmpty();
  }
}
