package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatSink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages in Teams: each one an Adaptive Card posted through the Bot Connector, and edited in
 * place ({@code PUT …/activities/{id}}). A private answer in a channel or group chat goes to the
 * person's personal chat with the bot (opened when needed), since Teams has no message only one
 * member of a channel sees; in a personal chat it is simply posted there. A call that fails after
 * the connector's retries is logged and the message lost, as a chat message can be; the bot is not
 * told. Thread-safe; calls block the bot's thread (never a request thread) until Teams answered.
 */
final class TeamsChat implements ChatSink {

  private static final Logger LOG = LoggerFactory.getLogger(TeamsChat.class);

  private final Connector connector;
  private final Conversations conversations;
  private final TeamsSettings settings;
  private final LongSupplier nanos;

  /** When each recent message of the bot's was last posted or edited here. */
  private final Cache<String, Long> edited =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

  TeamsChat(
      Connector connector,
      Conversations conversations,
      TeamsSettings settings,
      LongSupplier nanos) {
    this.connector = connector;
    this.conversations = conversations;
    this.settings = settings;
    this.nanos = nanos;
  }

  /** A personal chat's id starts {@code a:}; channels' and group chats' {@code 19:}. */
  static boolean personal(String conversation) {
    return conversation.startsWith("a:");
  }

  @Override
  public String post(String channel, Caller onlyFor, ChatMessage message) {
    try {
      if (message.ephemeral() && onlyFor != null && !personal(channel)) {
        return postPrivately(channel, onlyFor, message);
      }
      String id =
          connector.send(conversations.serviceUrl(channel), channel, activity(message)).join();
      remember(id, message);
      return id;
    } catch (RuntimeException e) {
      // The connector's answer, or the store being closed as the bot stops: said, not thrown.
      LOG.warn("could not post a message to Teams: {}", why(e));
      return null;
    }
  }

  private String postPrivately(String channel, Caller who, ChatMessage message) {
    String aad = who.user().id();
    String serviceUrl = conversations.serviceUrl(channel);
    Optional<String> chat = conversations.personalChat(aad);
    if (chat.isEmpty()) {
      String user =
          conversations
              .user(aad)
              .orElseThrow(
                  () ->
                      new ConnectorException(
                          "no Teams id known for " + who.user() + " to answer privately", 0));
      chat =
          Optional.of(
              connector
                  .personalChat(serviceUrl, settings.botAccountId(), user, settings.tenantId())
                  .join());
      conversations.personalChat(aad, chat.get());
      conversations.serviceUrl(chat.get(), serviceUrl);
    }
    String id = connector.send(serviceUrl, chat.get(), activity(message)).join();
    conversations.moved(id, chat.get());
    remember(id, message);
    return id;
  }

  @Override
  public void update(String channel, String messageId, ChatMessage message) {
    if (messageId == null || messageId.isEmpty()) {
      return;
    }
    remember(messageId, message);
    try {
      String where = conversations.movedTo(messageId).orElse(channel);
      connector.update(conversations.serviceUrl(where), where, messageId, activity(message)).join();
    } catch (RuntimeException e) {
      LOG.warn("could not update a message in Teams: {}", why(e));
    }
  }

  /**
   * Replaces the clicked card for everyone, unless the bot edited it since {@code since} (its newer
   * state must not be overwritten by this older one).
   */
  void replaceAfterClick(String channel, String messageId, ChatMessage message, long since) {
    Long at = edited.getIfPresent(messageId);
    if (at != null && at > since) {
      return;
    }
    update(channel, messageId, message);
  }

  long now() {
    return nanos.getAsLong();
  }

  private void remember(String id, ChatMessage m) {
    if (id != null && !id.isEmpty()) {
      edited.put(id, nanos.getAsLong());
    }
  }

  private static ObjectNode activity(ChatMessage m) {
    return AdaptiveCards.activity(m, List.of());
  }

  private static String why(Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return c instanceof ConnectorException || c instanceof IllegalStateException
        ? c.getMessage()
        : c.getClass().getSimpleName();
  }
}
