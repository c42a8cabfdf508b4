package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.discord.DiscordInteractions;
import io.iisbot.adapters.discord.DiscordSigner;
import io.iisbot.adapters.discord.DiscordStub;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.sim.Scenarios;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot on Discord: HTTP interactions signed with Ed25519 as Discord signs them, and the real JDA
 * client on a local gateway; both answer through a REST stand-in that records every call.
 */
final class DiscordTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final List<String> ONCALL = List.of(DiscordStub.ONCALL_ROLE_ID);
  static final String OTHER_USER = "1301000000000000041";

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final DiscordStub discord = new DiscordStub();
  private final DiscordInteractions interactions = new DiscordInteractions();
  private final LoopbackAgents fleet =
      new LoopbackAgents(Instant.now())
          .add("web01", Scenarios.named("healthy"))
          .add("web02", Scenarios.named("busy"));
  private BotApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    fleet.close();
    discord.close();
  }

  private void start(boolean http) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: false}
            discord:
              botTokenEnv: DISCORD_BOT_TOKEN
              applicationId: "%s"
              %s
              guildId: "%s"
              apiUrl: %s
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web02, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
            roles:
              - name: oncall
                members: ["discord-role:%s"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    DiscordStub.APPLICATION_ID,
                    http ? "publicKey: " + discord.signer().publicKeyHex() : "",
                    DiscordStub.GUILD_ID,
                    discord.restUrl(),
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("web02").uri(),
                    DiscordStub.ONCALL_ROLE_ID));
    Map<String, String> env =
        Map.of(
            "BOT_SECRET", "discord-test-bot-secret-0123456789ab",
            "AGENT_SECRET", new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
            "DISCORD_BOT_TOKEN", "test-token");
    app = BotApp.start(ConfigLoader.load(file, env), Map.of(), Clock.systemUTC());
  }

  private URI endpoint() {
    return URI.create(app.uri() + "/discord/interactions");
  }

  /** Posts an interaction signed as Discord signs it; the stand-in knows its token. */
  private JsonNode interact(String interaction) throws Exception {
    discord.remember(interaction);
    HttpResponse<String> r = discord.signer().postTo(endpoint(), interaction);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private static String customId(JsonNode message, String label) {
    for (JsonNode row : message.path("components")) {
      for (JsonNode b : row.path("components")) {
        if (b.path("label").asText().equals(label)) {
          return b.path("custom_id").asText();
        }
      }
    }
    throw new AssertionError("no " + label + " button in " + message);
  }

  private String stop(String host) {
    return interactions.command(
        DiscordStub.GUILD_ID,
        DiscordStub.CHANNEL_ID,
        DiscordStub.OPERATOR_ID,
        ONCALL,
        "iis",
        "stop",
        Map.of("target", host));
  }

  private String click(String user, String messageId, String customId) {
    return interactions.button(
        DiscordStub.GUILD_ID, DiscordStub.CHANNEL_ID, user, ONCALL, messageId, customId);
  }

  @Test
  void http_stop_fromCommandThroughConfirm_toTheFinalEdit() throws Exception {
    start(true);
    DiscordStub.Call registered =
        discord.awaitCall(
            "PUT", "/applications/" + DiscordStub.APPLICATION_ID + "/guilds/.*/commands", WAIT);

    JsonNode prompt = interact(stop("web01"));
    String confirm =
        click(
            DiscordStub.OPERATOR_ID,
            "1301000000000000500",
            customId(prompt.get("data"), "Confirm"));
    JsonNode running = interact(confirm);
    DiscordStub.Call done =
        discord.awaitCall(
            "PATCH",
            c ->
                c.path().contains(DiscordInteractions.token(confirm))
                    && c.body().contains("Done: /iis stop web01"),
            WAIT);

    JsonNode iis = registered.json().get(0);
    assertThat(iis.get("name").asText()).isEqualTo("iis");
    assertThat(iis.get("options").findValuesAsText("name")).contains("stop", "recycle", "status");
    assertThat(prompt.get("type").asInt()).isEqualTo(4);
    assertThat(prompt.at("/data/embeds/0/title").asText()).isEqualTo("Confirm: /iis stop web01");
    assertThat(prompt.at("/data/flags").asInt()).isZero();
    assertThat(prompt.at("/data/components/0/components/0/style").asInt()).isEqualTo(4);
    assertThat(running.get("type").asInt()).isEqualTo(7);
    assertThat(running.at("/data/embeds/0/title").asText()).startsWith("Running:");
    assertThat(done.path())
        .endsWith(
            "/webhooks/"
                + DiscordStub.APPLICATION_ID
                + "/"
                + DiscordInteractions.token(confirm)
                + "/messages/@original");
    assertThat(done.body()).contains("W3SVC is STOPPED");
  }

  @Test
  void http_badSignatureMissingHeadersOrWrongKey_are401() throws Exception {
    start(true);
    String body = stop("web01");
    Map<String, String> good =
        discord.signer().sign(Long.toString(Instant.now().getEpochSecond()), body);

    HttpResponse<String> tampered =
        DiscordSigner.post(endpoint(), body.replace("web01", "web02"), good);
    HttpResponse<String> missing = DiscordSigner.post(endpoint(), body, Map.of());
    HttpResponse<String> wrongKey = new DiscordSigner().postTo(endpoint(), body);
    HttpResponse<String> ping = discord.signer().postTo(endpoint(), interactions.ping());

    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(json.readTree(ping.body()).get("type").asInt()).isEqualTo(1);
    assertThat(discord.calls("POST", ".*/webhooks/.*")).isEmpty();
    assertThat(discord.calls("PATCH", ".*")).isEmpty();
  }

  @Test
  void http_someoneElsesConfirm_isRefusedOnlyToThem() throws Exception {
    start(true);
    JsonNode prompt = interact(stop("web01"));

    JsonNode refused =
        interact(click(OTHER_USER, "1301000000000000501", customId(prompt.get("data"), "Confirm")));

    assertThat(refused.get("type").asInt()).isEqualTo(4);
    assertThat(refused.at("/data/flags").asInt()).isEqualTo(64);
    assertThat(refused.toString()).contains("Not yours to confirm");
  }

  @Test
  void http_directMessage_hasNoRoles_soTheStopIsDenied() throws Exception {
    start(true);

    JsonNode denied =
        interact(
            interactions.directMessageCommand(
                "1301000000000000600",
                DiscordStub.OPERATOR_ID,
                "iis",
                "stop",
                Map.of("target", "web01")));

    assertThat(denied.at("/data/flags").asInt()).isEqualTo(64);
    assertThat(denied.toString()).contains("you may not stop web01");
  }

  @Test
  void http_autocomplete_offersHostsAndGroups_fast() throws Exception {
    start(true);
    String typing =
        interactions.autocomplete(
            DiscordStub.GUILD_ID,
            DiscordStub.CHANNEL_ID,
            DiscordStub.OPERATOR_ID,
            ONCALL,
            "iis",
            "stop",
            Map.of("target", "web"),
            "target");

    long t0 = System.nanoTime();
    JsonNode choices = interact(typing);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("discord autocomplete answered in %d ms (signed HTTP round trip)%n", ms);

    assertThat(choices.get("type").asInt()).isEqualTo(8);
    assertThat(choices.at("/data/choices").findValuesAsText("value")).contains("web01", "web02");
    assertThat(ms).isLessThan(1_000);
  }

  @Test
  void gateway_jdaTakesTheStopThroughConfirm_toTheFinalEdit() throws Exception {
    start(false);
    DiscordStub.Call registered =
        discord.awaitCall(
            "PUT",
            "/applications/"
                + DiscordStub.APPLICATION_ID
                + "/guilds/"
                + DiscordStub.GUILD_ID
                + "/commands",
            WAIT);

    String command = stop("web01");
    discord.pushInteraction(command);
    DiscordStub.Call reply =
        discord.awaitCall(
            "POST",
            c -> c.path().contains("/interactions/" + DiscordInteractions.id(command) + "/"),
            WAIT);
    String confirm =
        click(
            DiscordStub.OPERATOR_ID,
            "1301000000000000502",
            customId(reply.json().get("data"), "Confirm"));
    discord.pushInteraction(confirm);
    DiscordStub.Call update =
        discord.awaitCall(
            "POST",
            c -> c.path().contains("/interactions/" + DiscordInteractions.id(confirm) + "/"),
            WAIT);
    DiscordStub.Call done =
        discord.awaitCall(
            "PATCH",
            c ->
                c.path().contains(DiscordInteractions.token(confirm))
                    && c.body().contains("Done: /iis stop web01"),
            WAIT);

    assertThat(registered.json().get(0).get("name").asText()).isEqualTo("iis");
    assertThat(reply.path()).endsWith("/callback");
    assertThat(reply.json().get("type").asInt()).isEqualTo(4);
    assertThat(reply.json().at("/data/embeds/0/title").asText())
        .isEqualTo("Confirm: /iis stop web01");
    assertThat(update.json().get("type").asInt()).isEqualTo(7);
    assertThat(update.json().at("/data/embeds/0/title").asText()).startsWith("Running:");
    assertThat(done.path()).endsWith("/messages/@original");
  }
}
