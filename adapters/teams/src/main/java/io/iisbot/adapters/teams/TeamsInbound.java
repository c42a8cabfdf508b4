package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.AnswerBudget;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.SharedState;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /teams/messages}: the Bot Framework's token checked before anything else (401
 * otherwise, and nothing runs), then the activity. A {@code message} is acknowledged at once and
 * handed to the bot off the request thread, its answers posted through the connector; an {@code
 * adaptiveCard/action} invoke (a button) is answered in the response, with the updated card or a
 * short text, within {@link #ANSWER_BUDGET}; any other activity gets 200 and is ignored. An
 * activity delivered twice (same conversation and id) is handled once, on whichever replica.
 * Thread-safe.
 */
final class TeamsInbound {

  private static final Logger LOG = LoggerFactory.getLogger(TeamsInbound.class);

  /**
   * How long a click may take before Teams is answered "working on it" and the card edited later.
   */
  static final Duration ANSWER_BUDGET = Duration.ofMillis(3_000);

  /** How long an activity's id is remembered against a second delivery. */
  static final Duration SEEN_KEPT = Duration.ofMinutes(30);

  static final String SEEN_SPACE = "teams-activity";

  static final String NOT_OURS = "Not an iisbot button: nothing was done.";
  static final String WORKING = "Working on it…";
  static final String ALREADY = "Already handled: Teams delivered this click again.";

  private final InboundAuth auth;
  private final Supplier<ChatHandler> bot;
  private final TeamsChat chat;
  private final Conversations conversations;
  private final SharedState shared;
  private final AnswerBudget budget;
  private final TeamsMemberships memberships;
  private final String command;
  private final ObjectMapper json;
  private final RefusalLog refusals = new RefusalLog(LOG, System::nanoTime);

  TeamsInbound(
      InboundAuth auth,
      Supplier<ChatHandler> bot,
      TeamsChat chat,
      Conversations conversations,
      SharedState shared,
      AnswerBudget budget,
      TeamsMemberships memberships,
      String command,
      ObjectMapper json) {
    this.auth = auth;
    this.bot = bot;
    this.chat = chat;
    this.conversations = conversations;
    this.shared = shared;
    this.budget = budget;
    this.memberships = memberships;
    this.command = command;
    this.json = json;
  }

  void handle(Context ctx) throws IOException {
    InboundAuth.Verified token;
    try {
      token = auth.verify(ctx.header("Authorization"));
    } catch (InboundAuth.Refused e) {
      refusals.refused(ctx.ip(), e.getMessage());
      ctx.status(401).result("unauthorized");
      return;
    }
    JsonNode a;
    try {
      a = json.readTree(ctx.bodyAsBytes());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      refusals.refused(ctx.ip(), "a signed body that is not JSON");
      ctx.status(400).json(java.util.Map.of("error", "the body is not JSON"));
      return;
    }
    if (a == null || !a.isObject()) {
      ctx.status(400).json(java.util.Map.of("error", "the body is not an activity"));
      return;
    }
    Optional<String> mismatch =
        token.problemWith(a.path("serviceUrl").asText(null), a.path("channelId").asText(""));
    if (mismatch.isPresent()) {
      refusals.refused(ctx.ip(), mismatch.get());
      ctx.status(401).result("unauthorized");
      return;
    }
    String type = Activity.type(a);
    String conversation = Activity.conversation(a);
    String aad = Activity.aadObjectId(a);
    boolean forUs =
        (Activity.MESSAGE.equals(type)
                || (Activity.INVOKE.equals(type)
                    && Activity.CARD_ACTION.equals(a.path("name").asText())))
            && !conversation.isEmpty()
            && conversation.length() <= 1_000;
    if (!forUs
        || (Activity.MESSAGE.equals(type) && !Activity.personal(a) && !Activity.mentionsBot(a))) {
      // Other activities, and channel or group chat messages not addressed to the bot (which it
      // sees only where it was granted every message): acknowledged, nothing done.
      ctx.status(200);
      return;
    }
    if (aad.isEmpty()) {
      // Guests and anonymous meeting users have no Entra object id: no one a role can name.
      LOG.debug("ignored a Teams {} from someone without a Microsoft Entra object id", type);
      answerEmpty(ctx, type, "iisbot only answers people of its organization.");
      return;
    }
    remember(a, conversation, aad);
    if (!firstDelivery(conversation, a.path("id").asText(""))) {
      LOG.debug("a Teams activity came again; it was handled once and is not handled twice");
      answerEmpty(ctx, type, ALREADY);
      return;
    }
    Caller caller = Activity.caller(a);
    memberships.saw(caller);
    if (Activity.MESSAGE.equals(type)) {
      String text = Activity.commandText(a, command);
      budget.later(() -> command(new ChatCommand(Activity.PLATFORM, caller, conversation, text)));
      ctx.status(200);
      return;
    }
    ctx.contentType("application/json")
        .result(json.writeValueAsString(click(a, caller, conversation)));
  }

  private void answerEmpty(Context ctx, String type, String text) throws IOException {
    if (Activity.INVOKE.equals(type)) {
      ctx.contentType("application/json")
          .result(json.writeValueAsString(AdaptiveCards.invokeMessage(text)));
    } else {
      ctx.status(200);
    }
  }

  /** Where this conversation's connector is, and who this person is in Teams. */
  private void remember(JsonNode a, String conversation, String aad) {
    String serviceUrl = a.path("serviceUrl").asText("");
    if (!serviceUrl.isEmpty()) {
      conversations.serviceUrl(conversation, serviceUrl);
    }
    String teamsId = a.path("from").path("id").asText("");
    if (!teamsId.isEmpty() && teamsId.length() <= 300) {
      conversations.user(aad, teamsId);
    }
    if (TeamsChat.personal(conversation)) {
      conversations.personalChat(aad, conversation);
    }
  }

  private boolean firstDelivery(String conversation, String id) {
    if (id.isEmpty()) {
      return true;
    }
    return shared.putIfAbsent(
        SEEN_SPACE, SharedState.keyOf(conversation + "|" + id), "1", SEEN_KEPT);
  }

  private void command(ChatCommand c) {
    ChatReply r;
    try {
      r = bot.get().onCommand(c);
    } catch (RuntimeException e) {
      LOG.error("the bot failed on a Teams command", e);
      return;
    }
    // The sink says what it could not post; nothing is thrown from it.
    r.messages().forEach(m -> chat.post(c.channel(), c.caller(), m));
  }

  private ObjectNode click(JsonNode a, Caller caller, String conversation) {
    JsonNode value = a.path("value");
    String messageId = a.path("replyToId").asText("");
    Optional<CardActions.Click> click = CardActions.parse(value);
    if ("automatic".equals(value.path("trigger").asText())
        || click.map(c -> CardActions.REFRESH.equals(c.action())).orElse(false)) {
      // A card's refresh: the bot sends no card with refresh.userIds (private answers go to the
      // personal chat), so this is someone else's or an old card's; it stays as it is.
      return AdaptiveCards.invokeMessage("");
    }
    if (click.isEmpty() || messageId.isEmpty()) {
      return AdaptiveCards.invokeMessage(NOT_OURS);
    }
    ChatAction action =
        new ChatAction(
            Activity.PLATFORM,
            caller,
            conversation,
            messageId,
            click.get().action(),
            click.get().value());
    long since = chat.now();
    Optional<ChatReply> r;
    try {
      r =
          budget.within(
              () -> bot.get().onAction(action),
              () -> {},
              late -> {
                if (late.replacesClicked() && !late.messages().get(0).ephemeral()) {
                  chat.replaceAfterClick(conversation, messageId, late.messages().get(0), since);
                } else {
                  chat.post(conversation, caller, late.messages().get(0));
                }
                rest(late, conversation, caller);
              });
    } catch (IllegalStateException e) {
      // The person sees a reference to quote, the log has the rest.
      String ref = java.util.UUID.randomUUID().toString().substring(0, 8);
      LOG.error("the bot failed on a Teams click (reference {})", ref, e.getCause());
      return AdaptiveCards.invokeMessage("iisbot failed on this click (reference " + ref + ").");
    }
    if (r.isEmpty()) {
      return AdaptiveCards.invokeMessage(WORKING);
    }
    ChatReply reply = r.get();
    ChatMessage first = reply.messages().get(0);
    ObjectNode answer;
    if (reply.replacesClicked()) {
      if (!first.ephemeral()) {
        // The invoke's answer changes the card for the clicker; everyone else sees it edited.
        budget.later(() -> chat.replaceAfterClick(conversation, messageId, first, since));
      }
      answer = AdaptiveCards.invokeCard(first, List.of());
    } else if (first.ephemeral()) {
      answer = AdaptiveCards.invokeMessage(first.plainText());
    } else {
      budget.later(() -> chat.post(conversation, caller, first));
      answer = AdaptiveCards.invokeMessage(first.title());
    }
    if (reply.messages().size() > 1) {
      budget.later(() -> rest(reply, conversation, caller));
    }
    return answer;
  }

  private void rest(ChatReply r, String conversation, Caller caller) {
    r.messages().stream().skip(1).forEach(m -> chat.post(conversation, caller, m));
  }
}
