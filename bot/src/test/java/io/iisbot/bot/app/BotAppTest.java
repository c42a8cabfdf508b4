package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot assembled from a configuration file: roles, groups and policies as written. */
final class BotAppTest {

  @TempDir Path dir;

  private final LoopbackAgents fleet =
      new LoopbackAgents(java.time.Instant.now()) // the assembled bot signs with the real clock
          .add("web01", Scenarios.named("healthy"))
          .add("db01", Scenarios.named("healthy"));
  private BotApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    fleet.close();
  }

  private BotApp start(LocalChat chat) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server:
              port: 0
              bind: 127.0.0.1
              dataDir: %s
              secretEnv: BOT_SECRET
            groups:
              web: web servers
              production: customer facing
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET, groups: [web, production]}
              - {name: db01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET, groups: []}
            roles:
              - name: web-oncall
                members: ["slack-group:SONCALL"]
                allow: [{actions: [stop, start, status], hosts: ["@web"]}]
            policies:
              - {name: prod, actions: [stop], hosts: ["@production"], secondApprover: true}
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("db01").uri()));
    Map<String, String> env =
        Map.of(
            "BOT_SECRET",
            "bot-app-test-secret-0123456789abcdef",
            "AGENT_SECRET",
            new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8));
    BotConfig config = ConfigLoader.load(file, env);
    BotApp a = BotApp.start(config, Map.of(chat.platform(), chat), Clock.systemUTC());
    chat.connect(a.bot());
    return a;
  }

  @Test
  void configuredRolesGroupsAndPolicies_governTheBot() throws Exception {
    LocalChat chat = new LocalChat("memory", null);
    app = start(chat);
    Caller oncall =
        new Caller(
            Identity.parse("slack:U1"), List.of(Identity.parse("slack-group:SONCALL")), "On-call");

    ChatMessage prompt = chat.current(chat.type(oncall, "C1", "/iis stop web01").get(0));
    ChatMessage denied = chat.current(chat.type(oncall, "C1", "/iis stop db01").get(0));
    ChatMessage status = chat.current(chat.type(oncall, "C1", "/iis status web01").get(0));

    assertThat(prompt.title()).as(prompt.plainText()).startsWith("Confirm:");
    assertThat(prompt.plainText()).contains("a second person with the right role must approve");
    assertThat(denied.plainText())
        .contains("you may not stop db01")
        .contains("slack-group:SONCALL");
    assertThat(status.title()).isEqualTo("web01 status");
  }

  @Test
  void healthz_answersOnceServing_andTheAuditFileIsWhereConfigured() throws Exception {
    app = start(new LocalChat("memory", null));

    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(app.uri() + "/healthz"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(dir.resolve("data").resolve("iisbot.db")).exists();
  }
}
