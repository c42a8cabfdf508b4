package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.sim.Scenarios;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz}, {@code /readyz} and {@code /metrics} of an assembled bot after a session. */
final class ObservabilityTest {

  private static final String TOKEN = "metrics-token-0123456789abcdef";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private final LoopbackAgents fleet =
      new LoopbackAgents(java.time.Instant.now())
          .add("web01", Scenarios.named("healthy"))
          .add("web02", Scenarios.named("healthy"));
  private BotApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    fleet.close();
  }

  private BotApp start(LocalChat chat, String metrics) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server:
              port: 0
              bind: 127.0.0.1
              dataDir: %s
              secretEnv: BOT_SECRET
            %s
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web02, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
            roles:
              - name: ops
                members: ["slack:UOPS1"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    metrics.indent(2).stripTrailing(),
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("web02").uri()));
    Map<String, String> env = new HashMap<>();
    env.put("BOT_SECRET", "observability-test-secret-0123456789abcdef");
    env.put("AGENT_SECRET", new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8));
    env.put("METRICS_TOKEN", TOKEN);
    BotConfig config = ConfigLoader.load(file, env);
    BotApp a = BotApp.start(config, Map.of(chat.platform(), chat), Clock.systemUTC());
    chat.connect(a.bot());
    return a;
  }

  @Test
  void metrics_afterASession_countWhatHappened() throws Exception {
    LocalChat chat = new LocalChat("memory", null);
    app = start(chat, "metrics: token\nmetricsTokenEnv: METRICS_TOKEN");
    Caller ops = new Caller(Identity.parse("slack:UOPS1"), List.of(), "Ops");

    chat.type(ops, "C1", "/iis status web01");
    chat.type(ops, "C1", "/iis status web02");
    chat.type(ops, "C1", "/iis frobnicate web01");
    chat.type(ops, "C1", "/iis status nosuchhost");
    String prompt = chat.type(ops, "C1", "/iis stop web01 --drain 5s").get(0);
    chat.click(ops, prompt, "Confirm");
    ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofSeconds(30));
    assertThat(done.status()).as(done.plainText()).isEqualTo(ChatMessage.Status.SUCCESS);

    String text = get("/metrics", "Bearer " + TOKEN).body();

    assertThat(value(text, "iisbot_commands_total", "outcome=\"success\",verb=\"status\""))
        .isEqualTo(2);
    assertThat(value(text, "iisbot_commands_total", "outcome=\"usage\",verb=\"unparsed\""))
        .isEqualTo(1);
    assertThat(value(text, "iisbot_commands_total", "outcome=\"unknown_target\",verb=\"status\""))
        .isEqualTo(1);
    assertThat(value(text, "iisbot_commands_total", "outcome=\"pending\",verb=\"stop\""))
        .isEqualTo(1);
    assertThat(value(text, "iisbot_confirmations_total", "outcome=\"confirmed\"")).isEqualTo(1);
    assertThat(value(text, "iisbot_operations_total", "outcome=\"succeeded\",verb=\"stop\""))
        .isEqualTo(1);
    assertThat(value(text, "iisbot_operations_in_flight", "")).isEqualTo(0);
    // Five commands and one click, each answered well within the 3 s bucket.
    assertThat(value(text, "iisbot_ack_seconds_count", "platform=\"memory\"")).isEqualTo(6);
    assertThat(value(text, "iisbot_ack_seconds_bucket", "platform=\"memory\",le=\"3.0\""))
        .isEqualTo(6);
    assertThat(value(text, "iisbot_agent_call_seconds_count", "call=\"start\",host=\"web01\""))
        .isEqualTo(1);
    assertThat(value(text, "iisbot_agent_call_seconds_count", "call=\"snapshot\",host=\"web02\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(text, "iisbot_store_seconds_count", "outcome=\"ok\"")).isGreaterThan(5);
    assertThat(text).doesNotContain("nosuchhost", "frobnicate", TOKEN);
    System.out.println(
        "[metrics] 6 chat requests, 1 operation: "
            + text.lines().filter(l -> l.startsWith("iisbot_")).count()
            + " iisbot series scraped");
  }

  @Test
  void metrics_behindAToken_refuseOthers_andOff_isNotServed() throws Exception {
    app = start(new LocalChat("memory", null), "metrics: token\nmetricsTokenEnv: METRICS_TOKEN");

    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    app.close();

    app = start(new LocalChat("memory", null), "");
    assertThat(get("/metrics", null).statusCode()).isEqualTo(404);
    app.close();

    app = start(new LocalChat("memory", null), "metrics: open");
    HttpResponse<String> open = get("/metrics", null);
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
  }

  @Test
  void readyz_summarisesAgents_andSaysNotReadyWhenTheStoreIsGone() throws Exception {
    app = start(new LocalChat("memory", null), "metrics: open");
    fleet.agents.get("web02").close(Duration.ZERO);

    HttpResponse<String> ready = get("/readyz", null);
    JsonNode body = new ObjectMapper().readTree(ready.body());

    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(body.get("status").asText()).isEqualTo("ready");
    assertThat(body.get("store").asText()).isEqualTo("ok");
    assertThat(body.at("/agents/reachable").asInt()).isEqualTo(1);
    assertThat(body.at("/agents/unreachable").asInt() + body.at("/agents/unknown").asInt())
        .isEqualTo(1);
    assertThat(get("/healthz", null).body()).isEqualTo("ok");
    assertThat(
            value(
                get("/metrics", null).body(),
                "iisbot_agent_errors_total",
                "call=\"health\",error=\"unreachable\",host=\"web02\""))
        .isGreaterThanOrEqualTo(1);

    app.store().close();
    HttpResponse<String> gone = get("/readyz", null);
    assertThat(gone.statusCode()).as(gone.body()).isEqualTo(503);
    assertThat(new ObjectMapper().readTree(gone.body()).get("store").asText())
        .isEqualTo("unreachable");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(app.uri() + path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one series in a Prometheus text scrape; tags in the order Micrometer writes. */
  static double value(String scrape, String name, String tags) {
    Pattern p =
        Pattern.compile(
            "^"
                + Pattern.quote(name)
                + (tags.isEmpty() ? "" : "\\{" + Pattern.quote(tags) + ",?\\}")
                + " (\\S+)$",
            Pattern.MULTILINE);
    Matcher m = p.matcher(scrape);
    assertThat(m.find()).as(name + "{" + tags + "} in\n" + scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
