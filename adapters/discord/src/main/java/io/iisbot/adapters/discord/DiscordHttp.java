package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.Completions;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP interactions: {@code POST /discord/interactions}, Ed25519 over timestamp and raw body and a
 * timestamp within five minutes checked first (401 otherwise, and nothing runs); PING, commands,
 * buttons and autocomplete answered in the HTTP response within 3 s (deferred when the bot needs
 * longer, then finished through the interaction's webhook).
 *
 * <p>A command or a click whose {@code id} came before ({@link ReplayGuard}) is not handed to the
 * bot again. Its answer satisfies Discord without doing anything: a click gets a deferred update
 * (type 6: the message stays as the first delivery left it, and that delivery's edits still come),
 * a command an ephemeral "Already handled" (type 4), since a command must answer with a message.
 * Autocomplete only reads, so it is answered again. Thread-safe.
 */
final class DiscordHttp {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordHttp.class);

  static final int PING = 1;
  static final int COMMAND = 2;
  static final int COMPONENT = 3;
  static final int AUTOCOMPLETE = 4;

  /** What a command delivered again gets: it ran once, and does not run twice. */
  static final ChatMessage ALREADY_HANDLED =
      ChatMessage.privateReply(
          "Already handled",
          ChatMessage.Status.INFO,
          List.of("Discord delivered this command again; it was run once and is not run twice."));

  private final DiscordSignature signature;
  private final ReplayGuard replays;
  private final DiscordSettings settings;
  private final Supplier<ChatHandler> bot;
  private final DiscordFlow flow;
  private final DiscordChat chat;
  private final DiscordRest rest;
  private final ButtonIds ids;
  private final Completions completions;
  private final ObjectMapper json;

  DiscordHttp(
      DiscordSettings settings,
      Supplier<ChatHandler> bot,
      DiscordFlow flow,
      DiscordChat chat,
      DiscordRest rest,
      ButtonIds ids,
      Completions completions,
      ObjectMapper json,
      Clock clock,
      ReplayGuard replays) {
    this.signature = new DiscordSignature(settings.publicKey().orElseThrow(), clock);
    this.replays = replays;
    this.settings = settings;
    this.bot = bot;
    this.flow = flow;
    this.chat = chat;
    this.rest = rest;
    this.ids = ids;
    this.completions = completions;
    this.json = json;
  }

  void handle(Context ctx) throws IOException {
    byte[] raw = ctx.bodyAsBytes();
    Optional<String> problem =
        signature.problem(
            ctx.header(DiscordSignature.SIGNATURE_HEADER),
            ctx.header(DiscordSignature.TIMESTAMP_HEADER),
            raw);
    if (problem.isPresent()) {
      LOG.warn("refused a Discord interaction from {}: {}", ctx.ip(), problem.get());
      ctx.status(401).result("invalid request signature");
      return;
    }
    JsonNode i;
    try {
      i = json.readTree(raw);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // Signed, yet not JSON (or nested past Jackson's limit): Discord never sends that.
      LOG.warn("refused a signed Discord interaction from {} that is not JSON", ctx.ip());
      ctx.status(400).json(java.util.Map.of("error", "the body is not JSON"));
      return;
    }
    try {
      answer(ctx, i);
    } catch (BadInteraction e) {
      LOG.warn("refused a signed Discord interaction from {}: {}", ctx.ip(), e.getMessage());
      ctx.status(400).json(java.util.Map.of("error", e.getMessage()));
    }
  }

  /** A signed interaction without what every interaction of its type carries. */
  private static final class BadInteraction extends RuntimeException {
    BadInteraction(String message) {
      super(message, null, false, false);
    }
  }

  private void answer(Context ctx, JsonNode i) throws IOException {
    int type = i.path("type").asInt();
    if (type == COMMAND || type == COMPONENT) {
      String id = i.path("id").asText();
      if (id.isEmpty()) {
        ctx.status(400).json(java.util.Map.of("error", "interaction without an id"));
        return;
      }
      if (!replays.firstDelivery(id)) {
        LOG.warn(
            "Discord interaction {} came again (from {}); answered without handing it to the bot",
            id,
            ctx.ip());
        ObjectNode again =
            type == COMMAND ? respond(4, ALREADY_HANDLED) : json.createObjectNode().put("type", 6);
        ctx.contentType("application/json").result(json.writeValueAsString(again));
        return;
      }
    }
    ObjectNode answer =
        switch (type) {
          case PING -> json.createObjectNode().put("type", 1);
          case COMMAND -> command(i);
          case COMPONENT -> component(i);
          case AUTOCOMPLETE -> autocomplete(i);
          default -> null;
        };
    if (answer == null) {
      ctx.status(400).json(java.util.Map.of("error", "unknown interaction type"));
      return;
    }
    ctx.contentType("application/json").result(json.writeValueAsString(answer));
  }

  private Caller caller(JsonNode i) {
    JsonNode member = i.path("member");
    JsonNode user = member.isObject() ? member.path("user") : i.path("user");
    if (!user.isObject() || !user.path("id").isTextual()) {
      throw new BadInteraction("interaction without a user id");
    }
    List<String> roles = new ArrayList<>();
    member.path("roles").forEach(r -> roles.add(r.asText()));
    String name =
        member.hasNonNull("nick")
            ? member.get("nick").asText()
            : user.hasNonNull("global_name")
                ? user.get("global_name").asText()
                : user.path("username").asText();
    try {
      return DiscordFlow.caller(user.get("id").asText(), name, roles);
    } catch (IllegalArgumentException e) {
      throw new BadInteraction("interaction with a user or role id that is not a snowflake");
    }
  }

  private ObjectNode respond(int type, ChatMessage m) {
    ObjectNode o = json.createObjectNode().put("type", type);
    o.set("data", type == 7 ? chat.renderEdit(m) : chat.render(m));
    return o;
  }

  private ObjectNode command(JsonNode i) {
    String token = i.path("token").asText();
    String channel = i.path("channel_id").asText();
    Caller who = caller(i);
    String text;
    try {
      text = CommandText.of("/" + settings.command().name(), i.get("data"), settings.command());
    } catch (IllegalArgumentException e) {
      return respond(
          4,
          ChatMessage.privateReply(
              "Not understood", ChatMessage.Status.WARNING, List.of(e.getMessage())));
    }
    Optional<ChatReply> r =
        flow.within(
            () -> bot.get().onCommand(new ChatCommand(DiscordFlow.PLATFORM, who, channel, text)),
            () -> {},
            late -> DiscordFlow.finishCommand(late, outlet(token)));
    if (r.isEmpty()) {
      return json.createObjectNode().put("type", 5);
    }
    List<ChatMessage> ms = r.get().messages();
    flow.later(() -> outlet(token).followups(ms));
    return respond(4, ms.get(0));
  }

  /** The interaction's webhook: its token is the credential. */
  private DiscordFlow.Outlet outlet(String token) {
    return new DiscordFlow.Outlet() {
      @Override
      public void editOriginal(ChatMessage m) {
        rest.editOriginal(token, chat.renderEdit(m));
      }

      @Override
      public void deleteOriginal() {
        rest.deleteOriginal(token);
      }

      @Override
      public void followup(ChatMessage m) {
        rest.followup(token, chat.render(m));
      }
    };
  }

  private ObjectNode component(JsonNode i) {
    String token = i.path("token").asText();
    String channel = i.path("channel_id").asText();
    String messageId = i.path("message").path("id").asText();
    Optional<ButtonIds.Click> click = ids.resolve(i.path("data").path("custom_id").asText());
    if (click.isEmpty()) {
      return respond(
          4,
          ChatMessage.privateReply(
              "Not an iisbot button", ChatMessage.Status.WARNING, List.of("Nothing was done.")));
    }
    Caller who = caller(i);
    chat.remember(channel, messageId, outlet(token)::editOriginal);
    ChatAction action =
        new ChatAction(
            DiscordFlow.PLATFORM,
            who,
            channel,
            messageId,
            click.get().action(),
            click.get().value());
    Optional<ChatReply> r =
        flow.within(
            () -> bot.get().onAction(action),
            () -> {},
            late -> DiscordFlow.finishClick(late, outlet(token)));
    if (r.isEmpty()) {
      return json.createObjectNode().put("type", 6);
    }
    List<ChatMessage> ms = r.get().messages();
    flow.later(() -> outlet(token).followups(ms));
    return respond(r.get().replacesClicked() ? 7 : 4, ms.get(0));
  }

  private ObjectNode autocomplete(JsonNode i) {
    JsonNode focused = null;
    for (JsonNode sub : i.path("data").path("options")) {
      for (JsonNode o : sub.path("options")) {
        if (o.path("focused").asBoolean()) {
          focused = o;
        }
      }
    }
    ArrayNode choices = json.createArrayNode();
    if (focused != null) {
      for (String v :
          completions.complete(focused.path("name").asText(), focused.path("value").asText())) {
        choices.addObject().put("name", v).put("value", v);
      }
    }
    ObjectNode o = json.createObjectNode().put("type", 8);
    o.putObject("data").set("choices", choices);
    return o;
  }
}
