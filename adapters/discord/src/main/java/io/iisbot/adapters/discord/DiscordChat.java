package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages in Discord. The bot's edits of a message go through the latest interaction on it (its
 * token lives 15 minutes: {@code PATCH …/messages/@original}, by JDA's hook in gateway mode); past
 * that, the bot token edits the channel message, and if even that fails the new state is posted as
 * a new message, so a result is never lost. Thread-safe.
 */
final class DiscordChat implements ChatSink {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordChat.class);

  /** Interaction tokens are used for at most this long (Discord allows 15 minutes). */
  static final Duration TOKEN_LIFE = Duration.ofMinutes(14);

  /** How to edit the message an interaction answered, and since when that works. */
  record Original(Consumer<ChatMessage> editor, Instant issued) {}

  private final DiscordRest rest;
  private final ButtonIds ids;
  private final ObjectMapper json;
  private final Clock clock;
  private final Cache<String, Original> originals =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TOKEN_LIFE).build();

  DiscordChat(DiscordRest rest, ButtonIds ids, ObjectMapper json, Clock clock) {
    this.rest = rest;
    this.ids = ids;
    this.json = json;
    this.clock = clock;
  }

  /** After an interaction on a message: its later edits go through this editor while it lasts. */
  void remember(String channel, String messageId, Consumer<ChatMessage> editor) {
    originals.put(channel + "|" + messageId, new Original(editor, clock.instant()));
  }

  /** A new message (with the ephemeral flag when it is one). */
  JsonNode render(ChatMessage m) {
    return DiscordMessages.toJson(m, ids, json);
  }

  /** The new state of an existing message. */
  JsonNode renderEdit(ChatMessage m) {
    return DiscordMessages.toJsonEdit(m, ids, json);
  }

  @Override
  public String post(String channel, Caller onlyFor, ChatMessage message) {
    return rest.createMessage(channel, render(message))
        .map(r -> r.path("id").asText(null))
        .orElse(null);
  }

  @Override
  public void update(String channel, String messageId, ChatMessage message) {
    Original o = originals.getIfPresent(channel + "|" + messageId);
    if (o != null && clock.instant().isBefore(o.issued().plus(TOKEN_LIFE))) {
      o.editor().accept(message);
      return;
    }
    if (rest.editMessage(channel, messageId, renderEdit(message)).isPresent()) {
      return;
    }
    LOG.warn(
        "could not edit message {} in {}; posting its new state as a new message",
        messageId,
        channel);
    rest.createMessage(channel, render(message));
  }
}
