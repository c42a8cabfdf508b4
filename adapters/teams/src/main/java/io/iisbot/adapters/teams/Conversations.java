package io.iisbot.adapters.teams;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iisbot.adapters.chat.SharedState;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the bot learns from Teams' activities and needs later, on whichever replica: each
 * conversation's {@code serviceUrl} (where its Bot Connector is), each person's Teams id ({@code
 * 29:…}) and personal chat with the bot, and where a private answer went instead of the channel.
 * Kept in the bot's {@link SharedState}, with a small cache in front so an activity costs a store
 * write only when something changed. Only activities whose token was verified are remembered.
 * Thread-safe.
 */
final class Conversations {

  /** How long what Teams said is remembered after it last said it. */
  static final Duration KEPT = Duration.ofDays(30);

  /** How long a private answer's whereabouts are kept: longer than any operation edits it. */
  static final Duration MOVED_KEPT = Duration.ofDays(2);

  private static final String SERVICE = "teams-service-url";
  private static final String USER = "teams-user";
  private static final String PERSONAL = "teams-personal-chat";
  private static final String MOVED = "teams-moved";

  private final SharedState shared;
  private final String defaultServiceUrl;
  private final Cache<String, String> local;

  Conversations(SharedState shared, Ticker ticker, String defaultServiceUrl) {
    this.shared = shared;
    this.defaultServiceUrl = defaultServiceUrl;
    this.local =
        Caffeine.newBuilder()
            .maximumSize(20_000)
            .expireAfterWrite(Duration.ofHours(1))
            .ticker(ticker)
            .build();
  }

  /** A conversation's thread ({@code 19:…;messageid=…}) shares its channel's connector. */
  static String base(String conversation) {
    int semi = conversation.indexOf(';');
    return semi < 0 ? conversation : conversation.substring(0, semi);
  }

  void serviceUrl(String conversation, String serviceUrl) {
    remember(SERVICE, base(conversation), serviceUrl, KEPT);
  }

  /** The conversation's connector, or the configured one for a conversation not heard from. */
  String serviceUrl(String conversation) {
    return recall(SERVICE, base(conversation)).orElse(defaultServiceUrl);
  }

  void user(String aadObjectId, String teamsId) {
    remember(USER, aadObjectId, teamsId, KEPT);
  }

  /** The person's Teams id ({@code 29:…}) by their Entra object id. */
  Optional<String> user(String aadObjectId) {
    return recall(USER, aadObjectId);
  }

  void personalChat(String aadObjectId, String conversation) {
    remember(PERSONAL, aadObjectId, conversation, KEPT);
  }

  Optional<String> personalChat(String aadObjectId) {
    return recall(PERSONAL, aadObjectId);
  }

  /** A message the bot sent elsewhere (a private answer) than the conversation it answers in. */
  void moved(String activityId, String conversation) {
    remember(MOVED, activityId, conversation, MOVED_KEPT);
  }

  Optional<String> movedTo(String activityId) {
    return recall(MOVED, activityId);
  }

  private void remember(String space, String key, String value, Duration keep) {
    String k = space + "|" + key;
    if (Objects.equals(local.getIfPresent(k), value)) {
      return;
    }
    String sk = SharedState.keyOf(key);
    if (!shared.putIfAbsent(space, sk, value, keep)
        && !value.equals(shared.get(space, sk).orElse(null))) {
      shared.remove(space, sk);
      shared.putIfAbsent(space, sk, value, keep);
    }
    local.put(k, value);
  }

  private Optional<String> recall(String space, String key) {
    String k = space + "|" + key;
    String v = local.getIfPresent(k);
    if (v != null) {
      return Optional.of(v);
    }
    Optional<String> stored = shared.get(space, SharedState.keyOf(key));
    stored.ifPresent(s -> local.put(k, s));
    return stored;
  }
}
