package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway mode: the adapter's real JDA client logged in to {@link DiscordStub}'s gateway, which
 * delivers interactions as INTERACTION_CREATE. What a redelivered interaction does, what a usage
 * error may mention, and what is logged (JDA's own lines included, at INFO and above: its login,
 * connection and ready lines, none with a token) about a round trip.
 */
final class DiscordGatewayTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CHANNEL = DiscordStub.CHANNEL_ID;
  private static final String CLICKED = "1301000000000000500";
  private static final String BOT_TOKEN =
      "MTMwMTAwMDAwMDAwMDAwMDAwMg.GhJk7q.abcdefghijklmnopqrstuvwxyz0123456789AB";

  private final DiscordStub discord = new DiscordStub();
  private final DiscordInteractions interactions = new DiscordInteractions();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final DiscordHttpTest.FakeBot bot = new DiscordHttpTest.FakeBot();
  private CapturedLog log;
  private DiscordAdapter adapter;

  @BeforeEach
  void start() {
    log = new CapturedLog();
    DiscordSettings settings =
        new DiscordSettings(
            BOT_TOKEN,
            Optional.empty(),
            DiscordStub.APPLICATION_ID,
            Optional.of(DiscordStub.GUILD_ID),
            discord.restUrl(),
            Commands.IIS);
    adapter =
        new DiscordAdapter(
            bot, settings, (option, typed) -> List.of("web01"), Clock.systemUTC(), executor);
    adapter.start();
    discord.awaitReady(WAIT);
    discord.awaitCall("PUT", ".*/commands", WAIT);
  }

  @AfterEach
  void stop() {
    adapter.close();
    executor.shutdownNow();
    discord.close();
    log.close();
  }

  private String command(String subcommand, Map<String, Object> options) {
    return interactions.command(
        DiscordStub.GUILD_ID,
        CHANNEL,
        DiscordStub.OPERATOR_ID,
        List.of(DiscordStub.ONCALL_ROLE_ID),
        "iis",
        subcommand,
        options);
  }

  private DiscordStub.Call callback(String interaction) {
    String id = DiscordInteractions.id(interaction);
    return discord.awaitCall("POST", "/interactions/" + id + "/.*/callback", WAIT);
  }

  @Test
  void finding11_gatewayRedelivery_runsOnce() {
    String stop = command("stop", Map.of("target", "web01"));
    String help = command("help", Map.of());

    discord.pushInteraction(stop);
    callback(stop);
    // A resumed session replays what Discord thinks was missed: the same interaction again. JDA
    // hands events over one at a time, so once the next one is answered, the replay was handled.
    discord.pushInteraction(stop);
    discord.pushInteraction(help);
    callback(help);

    assertThat(bot.commands)
        .extracting(c -> c.text())
        .containsExactly("/iis stop web01", "/iis help");
    assertThat(discord.calls("POST", ".*/callback")).hasSize(2);
    assertThat(log.lines()).anyMatch(l -> l.contains("came again over the gateway"));
  }

  @Test
  void finding11_gatewayUsageError_mentionsNoOneAndShowsItAsWritten() {
    String unknown = command("nope", Map.of());

    discord.pushInteraction(unknown);

    JsonNode data = callback(unknown).json().get("data");
    assertThat(data.get("allowed_mentions").get("parse")).isEmpty();
    assertThat(data.at("/embeds/0/title").asText()).isEqualTo("Not understood");
    assertThat(data.at("/embeds/0/description").asText()).isEqualTo("unknown subcommand");
    assertThat(data.get("flags").asInt()).isEqualTo(DiscordMessages.EPHEMERAL);
    assertThat(bot.commands).isEmpty();
  }

  @Test
  void roundTrip_logsNoToken_andOneLinePerFailedCall() {
    discord.failWebhooks();
    String stop = command("stop", Map.of("target", "web01"));

    discord.pushInteraction(stop);
    JsonNode prompt = callback(stop).json().get("data");
    // The note after the prompt is a followup, refused by the webhook.
    discord.awaitCall("POST", "/webhooks/.*", WAIT);
    String customId = prompt.at("/components/0/components/0/custom_id").asText();
    String click =
        interactions.button(
            DiscordStub.GUILD_ID, CHANNEL, DiscordStub.OPERATOR_ID, List.of(), CLICKED, customId);
    discord.pushInteraction(click);
    callback(click);
    adapter
        .sink()
        .update(
            CHANNEL,
            CLICKED,
            new ChatMessage(
                "Running",
                Status.RUNNING,
                List.of("draining"),
                List.of(),
                List.of(),
                false,
                false));
    discord.awaitCall("PATCH", "/webhooks/.*", WAIT);
    log.await("posting a followup failed", WAIT);
    log.await("editing an interaction's message failed", WAIT);

    List<String> lines = log.lines();
    for (String secret :
        List.of(DiscordInteractions.token(stop), DiscordInteractions.token(click), BOT_TOKEN)) {
      assertThat(lines).noneMatch(l -> l.contains(secret));
    }
    // One line each, ours: JDA's default would log a stack trace at SEVERE.
    assertThat(lines).noneMatch(l -> l.contains("RestAction queue returned failure"));
    assertThat(lines)
        .filteredOn(l -> l.contains("failed"))
        .allMatch(l -> l.contains("50027: Invalid Webhook Token"));
    assertThat(bot.actions).hasSize(1);
  }
}
