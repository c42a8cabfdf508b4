package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.render.Messages;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.sim.Scenarios;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} over several hosts asks them at once, and one dead agent hides no other host. */
final class StatusFanOutTest {

  @TempDir Path dir;

  @Test
  void status_overSeveralHosts_oneRefusing_answersEveryHostInOrder() throws Exception {
    LoopbackAgents fleet =
        new LoopbackAgents()
            .add("web01", Scenarios.named("healthy"))
            .add("web02", Scenarios.named("healthy"))
            .add("web03", Scenarios.named("busy"));
    try (BotHarness h = new BotHarness(fleet, dir)) {
      h.clients.put("web02", refusing("web02", fleet));
      h.bot();

      List<String> ids = h.chat.type(BotHarness.ALICE, "ops", "/iis status web0*");

      List<ChatMessage> shown = ids.stream().map(h.chat::current).toList();
      assertThat(shown)
          .extracting(ChatMessage::title)
          .containsExactly("web01 status", "web02 status", "web03 status");
      assertThat(shown.get(0).status()).isEqualTo(ChatMessage.Status.SUCCESS);
      assertThat(shown.get(1).status()).isEqualTo(ChatMessage.Status.FAILURE);
      assertThat(shown.get(1).plainText()).contains("agent problem").contains("web02");
      assertThat(shown.get(2).plainText()).contains("service W3SVC: running");
    }
  }

  @Test
  void status_overMoreHostsThanMessagesAreWorth_isOneSummary_namingWhatNeedsALook()
      throws Exception {
    LoopbackAgents fleet = new LoopbackAgents();
    for (int i = 1; i <= Messages.STATUS_MESSAGES_UP_TO + 2; i++) {
      fleet.add("web0" + i, Scenarios.named(i == 3 ? "busy" : "healthy"));
    }
    fleet.hosts.get("web05").stopSite("Default Web Site");
    fleet.hosts.get("web06").stopPool("Api");
    try (BotHarness h = new BotHarness(fleet, dir)) {
      h.clients.put("web07", refusing("web07", fleet));
      h.bot();

      List<String> ids = h.chat.type(BotHarness.ALICE, "ops", "/iis status web0*");

      assertThat(ids).hasSize(1);
      ChatMessage m = h.chat.current(ids.get(0));
      assertThat(m.title()).isEqualTo("status of 7 hosts");
      assertThat(m.status()).isEqualTo(ChatMessage.Status.FAILURE);
      assertThat(m.lines()).hasSize(4);
      assertThat(m.lines().get(0)).startsWith("web07: agent problem — ").contains("web07");
      assertThat(m.lines().get(1)).isEqualTo("web05: site Default Web Site stopped");
      assertThat(m.lines().get(2)).startsWith("web06: pool Api stop"); // stopping, or stopped
      assertThat(m.lines().get(3))
          .isEqualTo("4 of 7 hosts: every service running, every pool and site started");
      assertThat(m.fields())
          .extracting(ChatMessage.Field::name, ChatMessage.Field::value)
          .startsWith(
              org.assertj.core.groups.Tuple.tuple("Running normally", "4"),
              org.assertj.core.groups.Tuple.tuple("Something stopped", "2"),
              org.assertj.core.groups.Tuple.tuple("No answer", "1"));
    }
  }

  @Test
  void fleetStatus_namesAtMostTwenty_andCountsTheRest() {
    List<Messages.HostStatus> hosts = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      hosts.add(Messages.HostStatus.unreachable(String.format("web%02d", i), "refused"));
    }
    try (io.iisbot.iis.sim.SimulatedIisHost healthy =
        new io.iisbot.iis.sim.SimulatedIisHost(
            Scenarios.named("healthy"), java.time.Clock.systemUTC())) {
      for (int i = 31; i <= 40; i++) {
        hosts.add(Messages.HostStatus.of("web" + i, healthy.snapshot(java.time.Instant.now())));
      }
    }

    ChatMessage m = Messages.fleetStatus(hosts);

    assertThat(m.lines()).hasSize(22);
    assertThat(m.lines().get(19)).isEqualTo("web20: agent problem — refused");
    assertThat(m.lines().get(20))
        .isEqualTo("… and 10 more; `/iis status <host>` for one, or the web console's fleet board");
    assertThat(m.lines().get(21))
        .isEqualTo("10 of 40 hosts: every service running, every pool and site started");
    assertThat(m.status()).isEqualTo(ChatMessage.Status.FAILURE);
  }

  /** A client for {@code host} whose agent refuses connections (a port nothing listens on). */
  private static AgentClient refusing(String host, LoopbackAgents fleet) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    return AgentClient.builder(
            URI.create("http://127.0.0.1:" + closed), LoopbackAgents.KEY, LoopbackAgents.SECRET)
        .clock(fleet.clock)
        .name(host)
        .retries(0)
        .build();
  }

  @Test
  void fanOut_keepsTheOrder_andRunsAtMostTheLimitAtOnce() {
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      List<Integer> items = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        items.add(i);
      }
      AtomicInteger running = new AtomicInteger();
      List<Integer> most = Collections.synchronizedList(new ArrayList<>());
      List<Integer> out =
          FanOut.map(
              items,
              8,
              pool,
              i -> {
                most.add(running.incrementAndGet());
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return i * 2;
              });
      assertThat(out).hasSize(100);
      for (int i = 0; i < 100; i++) {
        assertThat(out.get(i)).isEqualTo(i * 2);
      }
      assertThat(most.stream().mapToInt(Integer::intValue).max().orElse(0)).isBetween(2, 8);
    } finally {
      pool.shutdownNow();
    }
  }
}
