package io.iisbot.bot.core;

import static io.iisbot.bot.core.BotHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.lb.Balancers;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.config.Host;
import io.iisbot.config.LoadBalancer;
import io.iisbot.config.Secret;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.sim.Scenarios;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bot with a host behind an {@code http} balancer: a local stub playing F5 iControl
 * REST's pool members (PATCH to disable and enable, GET of the member's stats).
 */
final class HttpBalancerBotTest {

  private static final String MEMBER = "/mgmt/tm/ltm/pool/~Common~web/members/~Common~";

  @TempDir Path dir;
  private LoopbackAgents fleet;
  private BotHarness harness;
  private LocalChat chat;
  private HttpServer f5;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile int enableStatus = 200;

  @BeforeEach
  void start() throws Exception {
    fleet = new LoopbackAgents().add("web01", Scenarios.named("healthy"));
    harness = new BotHarness(fleet, dir);
    harness.policies.clear();
    chat = harness.chat;
    f5 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    f5.createContext(
        "/mgmt/",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          calls.add(
              x.getRequestMethod()
                  + " "
                  + x.getRequestURI().getPath()
                  + " "
                  + body
                  + " auth="
                  + x.getRequestHeaders().getFirst("Authorization"));
          int code = 200;
          String answer = "{}";
          if (x.getRequestURI().getPath().endsWith("/stats")) {
            // Each read finds one connection fewer: the member drains.
            int left = Math.max(0, connections.getAndDecrement());
            answer = "{\"entries\":{\"serverside.curConns\":{\"value\":" + left + "}}}";
          } else if (body.contains("user-enabled")) {
            code = enableStatus;
            answer = "{\"code\":500,\"message\":\"secret token abc in echo\"}";
          }
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(code, out.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(out);
          }
        });
    f5.start();
  }

  @AfterEach
  void stop() {
    harness.close();
    f5.stop(0);
  }

  private void bot() {
    String base = "http://127.0.0.1:" + f5.getAddress().getPort() + MEMBER + "{host}:80";
    Map<String, String> auth = Map.of("Authorization", "Basic c2VjcmV0");
    LoadBalancer.Http config =
        new LoadBalancer.Http(
            "f5",
            new LoadBalancer.Request(
                "PATCH", base, Optional.of("{\"session\":\"user-disabled\"}"), auth),
            new LoadBalancer.Request(
                "PATCH",
                base,
                Optional.of("{\"session\":\"user-enabled\",\"state\":\"user-up\"}"),
                auth),
            Optional.of(
                new LoadBalancer.Connections(
                    base + "/stats", "/entries/serverside.curConns/value", auth)),
            Duration.ofSeconds(20),
            Duration.ofSeconds(20));
    Bot b = harness.bot("web01");
    b.useBalancing(
        new Balancing(
            List.of(
                new Host(
                    "web01",
                    URI.create("https://web01:9701"),
                    "bot",
                    Secret.of("0123456789abcdef0123456789abcdef-web01"),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(new Host.Behind("f5", Optional.of("10.0.0.11"))))),
            List.of(config),
            Map.of("f5", Balancers.of(config)),
            Clock.systemUTC(),
            d -> {},
            (h, r) -> true));
  }

  private ChatMessage run(String command) throws InterruptedException {
    String prompt = chat.type(ALICE, "C1", command).get(0);
    chat.click(ALICE, prompt, "Confirm");
    return chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));
  }

  @Test
  void stop_disablesTheMember_waitsForItsConnections_thenStops() throws Exception {
    bot();
    connections.set(3);

    ChatMessage done = run("/iis stop web01");

    assertThat(done.status()).as(done.plainText()).isEqualTo(Status.SUCCESS);
    assertThat(calls.get(0))
        .isEqualTo(
            "PATCH " + MEMBER + "10.0.0.11:80 {\"session\":\"user-disabled\"} auth=Basic c2VjcmV0");
    assertThat(calls.subList(1, calls.size()))
        .hasSize(4)
        .allMatch(c -> c.startsWith("GET " + MEMBER + "10.0.0.11:80/stats"));
    assertThat(done.plainText())
        .contains("✓ take web01 out of f5")
        .contains("✓ wait until web01 has no connections at f5 (up to 20s) — 0 connections");
    assertThat(fleet.hosts.get("web01").sites())
        .extracting(s -> s.state())
        .doesNotContain(ObjectState.STARTED);
  }

  @Test
  void start_whoseRestoreFails_failsLoudly_andSaysTheHostIsStillOut() throws Exception {
    bot();
    run("/iis stop web01");
    enableStatus = 500;
    calls.clear();

    ChatMessage done = run("/iis start web01");

    assertThat(done.status()).isEqualTo(Status.FAILURE);
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0)).contains("user-enabled");
    assertThat(done.plainText())
        .contains("web01: failed")
        .contains(
            "✗ put web01 back into f5 — ⚠ web01 is still OUT of f5 and takes no traffic: f5"
                + " refused to restore 10.0.0.11: PATCH "
                + MEMBER
                + "10.0.0.11:80 answered 500. Put it back by hand.")
        .doesNotContain("secret token");
    assertThat(fleet.hosts.get("web01").sites())
        .extracting(s -> s.state())
        .contains(ObjectState.STARTED);
  }
}
