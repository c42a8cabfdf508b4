package io.iisbot.adapters.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Small values every replica of the bot must see: button ids, duplicate-delivery keys, console
 * sign-in links and sessions. Keys live in a namespace ({@code space}, one per use) and expire
 * after the time they were put with; an expired key is absent.
 *
 * <p>The bot keeps them in its store, so two replicas on one database agree on who put a key first
 * and who took it. Implementations are thread-safe; store failures surface as runtime exceptions; a
 * blank space or key is an {@link IllegalArgumentException}.
 */
public interface SharedState {

  /**
   * Puts the value unless the key is present and unexpired.
   *
   * @return true only for the first put of a key across threads and replicas (until it expires)
   * @throws IllegalArgumentException when {@code keep} is not positive
   */
  boolean putIfAbsent(String space, String key, String value, Duration keep);

  /** The unexpired value of the key. */
  Optional<String> get(String space, String key);

  /** Returns the unexpired value and removes it: exactly once across threads and replicas. */
  Optional<String> take(String space, String key);

  /** Removes the key; nothing happens when it is absent. */
  void remove(String space, String key);

  /**
   * A key for any text from outside (a delivery id, a trigger id): the text itself when it is short
   * and plain ({@code [A-Za-z0-9:._-]}, at most 120 characters), otherwise {@code h:} and its
   * SHA-256 in hex, so blank, huge or binary ids still make a valid key and the same id the same
   * key.
   */
  static String keyOf(String text) {
    java.util.Objects.requireNonNull(text, "text");
    if (PLAIN_KEY.matcher(text).matches()) {
      return text;
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "h:" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** What {@link #keyOf} keeps as it is. */
  java.util.regex.Pattern PLAIN_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9:._-]{1,120}");

  /**
   * State in this process's memory, expiring by {@code clock}: for a single process and for tests.
   */
  static SharedState inMemory(Clock clock) {
    return new InMemorySharedState(clock);
  }
}
