package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.testing.MovableClock;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /discord/interactions} through the adapter's real route on a local server, signed as
 * Discord signs, answered through {@link DiscordStub}: the timestamp window, interactions delivered
 * twice, what is logged about a round trip.
 */
final class DiscordHttpTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CHANNEL = DiscordStub.CHANNEL_ID;
  private static final String CLICKED = "1301000000000000500";

  /** Shaped like a real bot token, so that a pattern, not only its value, would be caught. */
  private static final String BOT_TOKEN =
      "MTMwMTAwMDAwMDAwMDAwMDAwMg.GhJk7q.abcdefghijklmnopqrstuvwxyz0123456789AB";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final DiscordStub discord = new DiscordStub(clock);
  private final DiscordInteractions interactions = new DiscordInteractions(clock);
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final FakeBot bot = new FakeBot();
  private CapturedLog log;
  private DiscordAdapter adapter;
  private Javalin server;

  /** Answers a command with a prompt and a note, a click by replacing the clicked message. */
  static final class FakeBot implements ChatHandler {
    final List<ChatCommand> commands = new CopyOnWriteArrayList<>();
    final List<ChatAction> actions = new CopyOnWriteArrayList<>();

    @Override
    public ChatReply onCommand(ChatCommand c) {
      commands.add(c);
      ChatMessage prompt =
          new ChatMessage(
              "Confirm: " + c.text(),
              Status.PENDING,
              List.of("Requested by " + c.caller().displayName()),
              List.of(new Field("Requested by", c.caller().displayName())),
              List.of(new Button("Confirm", "confirm", "t1", Button.Style.DANGER)),
              false,
              false);
      ChatMessage note =
          new ChatMessage(
              "Heads-up", Status.INFO, List.of("web01 is busy"), List.of(), List.of(), false, true);
      return new ChatReply(List.of(prompt, note), false);
    }

    @Override
    public ChatReply onAction(ChatAction a) {
      actions.add(a);
      return ChatReply.replace(
          new ChatMessage(
              "Running", Status.RUNNING, List.of("stopping"), List.of(), List.of(), false, false));
    }
  }

  @BeforeEach
  void start() {
    log = new CapturedLog();
    DiscordSettings settings =
        new DiscordSettings(
            BOT_TOKEN,
            Optional.of(discord.signer().publicKeyHex()),
            DiscordStub.APPLICATION_ID,
            Optional.of(DiscordStub.GUILD_ID),
            discord.restUrl(),
            Commands.IIS);
    adapter =
        new DiscordAdapter(bot, settings, (option, typed) -> List.of("web01"), clock, executor);
    server =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.startup.showOldJavalinVersionWarning = false;
                  cfg.jetty.host = "127.0.0.1";
                  cfg.jetty.port = 0;
                  adapter.routes(cfg);
                })
            .start();
  }

  @AfterEach
  void stop() {
    server.stop();
    adapter.close();
    executor.shutdownNow();
    discord.close();
    log.close();
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port() + DiscordAdapter.ROUTE);
  }

  private String stop(String target) {
    return interactions.command(
        DiscordStub.GUILD_ID,
        CHANNEL,
        DiscordStub.OPERATOR_ID,
        List.of(DiscordStub.ONCALL_ROLE_ID),
        "iis",
        "stop",
        Map.of("target", target));
  }

  private String click(String customId) {
    return interactions.button(
        DiscordStub.GUILD_ID, CHANNEL, DiscordStub.OPERATOR_ID, List.of(), CLICKED, customId);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  /**
   * Signed with the timestamp, posted; the stub learns the interaction as Discord would know it.
   */
  private HttpResponse<String> post(String interaction, long timestamp) throws Exception {
    discord.remember(interaction);
    return DiscordSigner.post(
        endpoint(), interaction, discord.signer().sign(Long.toString(timestamp), interaction));
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return DiscordObjects.parse(r.body());
  }

  private static String customId(JsonNode answer) {
    return answer.at("/data/components/0/components/0/custom_id").asText();
  }

  @Test
  void finding11_staleTimestamp_isRefused() throws Exception {
    String command = stop("web01");

    HttpResponse<String> r = post(command, now() - 301);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(bot.commands).isEmpty();
    assertThat(discord.calls()).isEmpty();
    List<String> refused = log.matching(l -> l.contains("refused a Discord interaction"));
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0))
        .contains("timestamp 301 s in the past")
        .doesNotContain(DiscordInteractions.token(command))
        .doesNotContain("web01");
  }

  @Test
  void finding11_futureTimestamp_isRefused() throws Exception {
    String command = stop("web01");

    HttpResponse<String> r = post(command, now() + 301);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(bot.commands).isEmpty();
    assertThat(log.matching(l -> l.contains("refused a Discord interaction")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("timestamp 301 s in the future")
        .doesNotContain(DiscordInteractions.token(command));
  }

  @Test
  void window_timestampsAtItsEdges_andDiscordsPing_areAccepted() throws Exception {
    JsonNode pong = ok(post(interactions.ping(), now()));
    JsonNode old = ok(post(stop("web01"), now() - 300));
    JsonNode early = ok(post(stop("web02"), now() + 300));
    // Discord checks the endpoint with a badly signed PING and wants it refused.
    String ping = interactions.ping();
    HttpResponse<String> forged =
        DiscordSigner.post(endpoint(), ping, new DiscordSigner().sign(Long.toString(now()), ping));

    assertThat(pong).isEqualTo(DiscordObjects.parse("{\"type\":1}"));
    assertThat(old.get("type").asInt()).isEqualTo(4);
    assertThat(early.get("type").asInt()).isEqualTo(4);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(bot.commands).extracting(ChatCommand::text).hasSize(2);
  }

  @Test
  void finding11_reSentInteraction_runsOnce() throws Exception {
    String command = stop("web01");
    String timestamp = Long.toString(now());
    Map<String, String> signed = discord.signer().sign(timestamp, command);
    discord.remember(command);

    JsonNode first = ok(DiscordSigner.post(endpoint(), command, signed));
    // Replayed as captured, then re-sent by Discord with a new timestamp.
    JsonNode replayed = ok(DiscordSigner.post(endpoint(), command, signed));
    clock.advance(Duration.ofMinutes(4));
    JsonNode reSent = ok(post(command, now()));

    assertThat(bot.commands).hasSize(1);
    assertThat(first.at("/data/embeds/0/title").asText()).isEqualTo("Confirm: /iis stop web01");
    for (JsonNode again : List.of(replayed, reSent)) {
      assertThat(again.get("type").asInt()).isEqualTo(4);
      assertThat(again.at("/data/flags").asInt()).isEqualTo(DiscordMessages.EPHEMERAL);
      assertThat(again.at("/data/embeds/0/title").asText()).isEqualTo("Already handled");
      assertThat(again.at("/data/components")).isEmpty();
    }
    assertThat(log.matching(l -> l.contains("came again"))).hasSize(2);
  }

  @Test
  void finding11_reSentClick_runsOnce_andLeavesTheMessageAsTheFirstMade() throws Exception {
    String click = click(customId(ok(post(stop("web01"), now()))));

    JsonNode first = ok(post(click, now()));
    JsonNode again = ok(post(click, now()));

    assertThat(bot.actions).hasSize(1);
    assertThat(first.get("type").asInt()).isEqualTo(7);
    assertThat(again).isEqualTo(DiscordObjects.parse("{\"type\":6}"));
  }

  @Test
  void finding11_reSentInteraction_afterTheWindow_isRefusedAsStale() throws Exception {
    String command = stop("web01");
    String timestamp = Long.toString(now());
    Map<String, String> signed = discord.signer().sign(timestamp, command);
    ok(DiscordSigner.post(endpoint(), command, signed));

    clock.advance(ReplayGuard.KEEP);
    HttpResponse<String> late = DiscordSigner.post(endpoint(), command, signed);

    assertThat(late.statusCode()).isEqualTo(401);
    assertThat(bot.commands).hasSize(1);
  }

  @Test
  void finding11_interactionToken_neverLogged() throws Exception {
    discord.failWebhooks();
    String command = stop("web01");
    String typing =
        interactions.autocomplete(
            DiscordStub.GUILD_ID,
            CHANNEL,
            DiscordStub.OPERATOR_ID,
            List.of(),
            "iis",
            "stop",
            Map.of("target", "we"),
            "target");

    JsonNode prompt = ok(post(command, now()));
    // The note after the prompt is a followup, refused by the webhook.
    log.await("POST webhooks/", WAIT);
    String click = click(customId(prompt));
    ok(post(click, now()));
    // The bot's progress edits the clicked message through the click's webhook: refused too.
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
    log.await("PATCH webhooks/", WAIT);
    // Answered at once, each with its log line: a command delivered again, a stale one.
    ok(post(command, now()));
    post(stop("web02"), now() - 600);
    ok(post(typing, now()));

    List<String> lines = log.lines();
    for (String secret :
        List.of(
            DiscordInteractions.token(command),
            DiscordInteractions.token(click),
            DiscordInteractions.token(typing),
            BOT_TOKEN)) {
      assertThat(lines).noneMatch(l -> l.contains(secret));
    }
    assertThat(lines)
        .anyMatch(
            l ->
                l.contains(
                    "PATCH webhooks/"
                        + DiscordStub.APPLICATION_ID
                        + "/"
                        + Redact.HIDDEN
                        + "/messages/@original answered 401"));
    assertThat(lines)
        .anyMatch(
            l -> l.contains("POST webhooks/" + DiscordStub.APPLICATION_ID + "/" + Redact.HIDDEN));
    assertThat(lines).anyMatch(l -> l.contains("refused a Discord interaction"));
    assertThat(lines).anyMatch(l -> l.contains("came again"));
  }

  @Test
  void allowedMentions_everyMessageOverHttp_parsesNothing() throws Exception {
    JsonNode prompt = ok(post(stop("@everyone"), now()));
    JsonNode replaced = ok(post(click(customId(prompt)), now()));
    discord.awaitCall("POST", "/webhooks/.*", WAIT);

    assertThat(prompt.at("/data/allowed_mentions"))
        .isEqualTo(DiscordObjects.parse("{\"parse\":[]}"));
    assertThat(replaced.at("/data/allowed_mentions"))
        .isEqualTo(DiscordObjects.parse("{\"parse\":[]}"));
    List<DiscordStub.Call> sent = discord.calls("POST", "/webhooks/.*");
    assertThat(sent).isNotEmpty();
    for (DiscordStub.Call c : sent) {
      assertThat(c.json().get("allowed_mentions"))
          .as(c.path())
          .isEqualTo(DiscordObjects.parse("{\"parse\":[]}"));
    }
  }

  @Test
  void finding11_nickWithMarkdown_rendersLiterallyInTheAnswer() throws Exception {
    String nick = "**[click](https://evil)** @everyone <@123>";
    ObjectNode command = (ObjectNode) DiscordObjects.parse(stop("web01"));
    ((ObjectNode) command.get("member")).put("nick", nick);

    JsonNode prompt = ok(post(command.toString(), now()));

    JsonNode embed = prompt.at("/data/embeds/0");
    String shown = DiscordMarkdownTest.EXPECTED_NICK;
    assertThat(embed.at("/fields/0/value").asText()).isEqualTo(shown);
    assertThat(embed.get("description").asText()).isEqualTo("Requested by " + shown);
    assertThat(bot.commands.get(0).caller().displayName()).isEqualTo(nick);
  }
}
