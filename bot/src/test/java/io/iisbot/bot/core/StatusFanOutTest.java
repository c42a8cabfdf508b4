package io.iisbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.bot.fleet.LoopbackAgents;
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
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (BotHarness h = new BotHarness(fleet, dir)) {
      h.clients.put(
          "web02",
          AgentClient.builder(
                  URI.create("http://127.0.0.1:" + closed),
                  LoopbackAgents.KEY,
                  LoopbackAgents.SECRET)
              .clock(fleet.clock)
              .name("web02")
              .retries(0)
              .build());
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
