package io.iisbot.adapters.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iisbot.adapters.chat.SharedState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Short button ids for long button values. Discord takes a {@code custom_id} of at most 100
 * characters, but a button's value (a signed confirmation token) is longer; so a button carries
 * {@code iis:<action>:<16 random characters>} and the value stays here for a while.
 *
 * <p>The value is only a lookup: the bot still verifies the token it gets back, so a guessed or
 * replayed id gains nothing. Values live in memory, and in the bot's {@link SharedState} when one
 * is given, so a click landing on another replica (or after a restart) finds them; the memory is
 * then only a cache, safe because an id's value never changes. After {@code keep}, or (without
 * shared state) past {@code max} ids or after a restart, a click resolves to its action with an
 * empty value, and the bot answers that the button no longer works (rather than Discord's
 * "interaction failed").
 *
 * <p>Thread-safe.
 */
public final class ButtonIds {

  /** A click on one of our buttons: its action, and its value or {@code ""} if forgotten. */
  public record Click(String action, String value) {
    public Click {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(value, "value");
    }
  }

  /** What every id made here starts with; clicks on other ids are not ours. */
  static final String PREFIX = "iis:";

  static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9-]{0,40}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{16}");
  private static final int KEY_BYTES = 12; // 96 bits, 16 characters of URL-safe Base64

  /** The namespace of button values in the shared state. */
  static final String SPACE = "discord-button";

  private final Cache<String, Click> clicks;
  private final Duration keep;
  private final SharedState shared;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param keep how long a value is remembered after its id was made
   * @param max how many values are remembered at most
   * @throws IllegalArgumentException when {@code keep} is not positive or {@code max} is below 1
   */
  public ButtonIds(Duration keep, int max) {
    this(keep, max, Ticker.systemTicker(), null);
  }

  /**
   * Values kept in {@code shared} (the store every replica reads), and the {@code max} latest in
   * memory in front of it.
   */
  public ButtonIds(Duration keep, int max, SharedState shared) {
    this(keep, max, Ticker.systemTicker(), Objects.requireNonNull(shared, "shared"));
  }

  /** With a clock for tests. */
  ButtonIds(Duration keep, int max, Ticker ticker) {
    this(keep, max, ticker, null);
  }

  private ButtonIds(Duration keep, int max, Ticker ticker, SharedState shared) {
    Objects.requireNonNull(keep, "keep");
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("keep must be positive, was " + keep);
    }
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    clicks =
        Caffeine.newBuilder()
            .expireAfterWrite(keep)
            .maximumSize(max)
            .ticker(ticker)
            // Evictions happen on the calling thread: cheap, and tests need no waiting.
            .executor(Runnable::run)
            .build();
    this.keep = keep;
    this.shared = shared;
  }

  /**
   * A new id for a button, at most 62 characters: {@code iis:confirm:Xq3…}. Every call makes a new
   * id, even for the same action and value.
   *
   * @param value remembered for {@link #resolve}; null is taken as {@code ""}
   * @throws IllegalArgumentException when {@code action} is not a lower-case word of at most 41
   *     characters (a-z, 0-9 and -, starting with a letter)
   */
  public String idFor(String action, String value) {
    Objects.requireNonNull(action, "action");
    if (!ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException(
          "a button action is a lower-case word such as confirm (a-z, 0-9 and -, starting with a"
              + " letter, at most 41 characters), was \""
              + action
              + "\"");
    }
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    String id =
        PREFIX + action + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Click click = new Click(action, value == null ? "" : value);
    if (shared != null) {
      // 96 random bits: a clash is not a real case, but a lost one must not hand out two values.
      if (!shared.putIfAbsent(SPACE, id, click.value(), keep)) {
        throw new IllegalStateException("button id " + id + " was already taken");
      }
    }
    clicks.put(id, click);
    return id;
  }

  /**
   * What a clicked id stands for.
   *
   * @param customId the {@code custom_id} Discord sent back; may be null
   * @return the action and the value for an id made here; the action and {@code ""} for an id in
   *     our form whose value is forgotten or expired; empty for any other id
   */
  public Optional<Click> resolve(String customId) {
    if (customId == null || !customId.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int colon = customId.indexOf(':', PREFIX.length());
    if (colon < 0) {
      return Optional.empty();
    }
    String action = customId.substring(PREFIX.length(), colon);
    if (!ACTION.matcher(action).matches()) {
      return Optional.empty();
    }
    String key = customId.substring(colon + 1);
    Click known = KEY.matcher(key).matches() ? clicks.getIfPresent(customId) : null;
    if (known == null && shared != null && KEY.matcher(key).matches()) {
      // Made by another replica, or before a restart.
      known = shared.get(SPACE, customId).map(v -> new Click(action, v)).orElse(null);
      if (known != null) {
        clicks.put(customId, known);
      }
    }
    return Optional.of(known != null ? known : new Click(action, ""));
  }

  /** How many values are remembered now, for metrics and tests. */
  long size() {
    clicks.cleanUp();
    return clicks.estimatedSize();
  }
}
