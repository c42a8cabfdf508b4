package io.iisbot.adapters.console;

import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.SharedState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Console sign-in: short-lived single-use links issued from chat ({@code /iis console}) and the
 * sessions they open, each carrying the caller's platform identity, a name to show and its own CSRF
 * token. Never memberships: those are asked of the platform at every request, so a session cannot
 * keep a group its person has left.
 *
 * <p>Both live in the bot's {@link SharedState} (its store), so a link issued by one replica opens
 * on another and a session works on every replica; a link is taken from there once, whichever
 * replica it lands on. Only SHA-256 hashes of the tokens are kept as keys, never the tokens, so
 * whoever reads the store cannot sign in with what is there. Thread-safe.
 */
public final class ConsoleSessions {

  /** How long a sign-in link may wait before it is opened. */
  public static final Duration DEFAULT_LINK_TTL = Duration.ofMinutes(10);

  static final String LINKS = "console-link";
  static final String SESSIONS = "console-session";

  /** An open console session: who it is for, and nothing they may do. */
  public record Session(String id, Identity user, String name, String csrf, Instant expires) {
    public Session {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(user, "user");
      name = name == null || name.isBlank() ? user.toString() : name;
      Objects.requireNonNull(csrf, "csrf");
      Objects.requireNonNull(expires, "expires");
    }
  }

  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

  private final Clock clock;
  private final Duration linkTtl;
  private final Duration sessionTtl;
  private final SharedState shared;
  private final SecureRandom random = new SecureRandom();

  /**
   * Links and sessions in this process's memory only: a restarted bot asks everyone to sign in
   * again.
   *
   * @param clock the time sessions and links expire by
   */
  public ConsoleSessions(Clock clock, Duration linkTtl, Duration sessionTtl) {
    this(clock, linkTtl, sessionTtl, SharedState.inMemory(clock));
  }

  /** Links and sessions kept in {@code shared}, which every replica of the bot reads. */
  public ConsoleSessions(Clock clock, Duration linkTtl, Duration sessionTtl, SharedState shared) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.linkTtl = Objects.requireNonNull(linkTtl, "linkTtl");
    this.sessionTtl = Objects.requireNonNull(sessionTtl, "sessionTtl");
    this.shared = Objects.requireNonNull(shared, "shared");
  }

  /** A new single-use sign-in token for the user, shown in the console by this name. */
  public String issueLink(Identity user, String name) {
    Objects.requireNonNull(user, "user");
    String token = randomId();
    if (!shared.putIfAbsent(
        LINKS, hash(token), user + "\n" + (name == null ? "" : name), linkTtl)) {
      throw new IllegalStateException("a new sign-in token clashed with a kept one");
    }
    return token;
  }

  /**
   * Opens a session for the link's user and spends the link; empty when the token is unknown,
   * already used or expired.
   */
  public Optional<Session> redeem(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    // Taking it from the shared state is what makes the link single-use across replicas.
    return shared
        .take(LINKS, hash(token))
        .map(
            v -> {
              String[] parts = v.split("\n", 2);
              return open(Identity.parse(parts[0]), parts.length > 1 ? parts[1] : "");
            });
  }

  /** Opens a session directly (the demo's identities; tests). */
  public Session open(Identity user, String name) {
    Session s = new Session(randomId(), user, name, randomId(), clock.instant().plus(sessionTtl));
    String value = s.expires().toEpochMilli() + "\n" + s.csrf() + "\n" + user + "\n" + s.name();
    if (!shared.putIfAbsent(SESSIONS, hash(s.id()), value, sessionTtl)) {
      throw new IllegalStateException("a new session id clashed with a kept one");
    }
    return s;
  }

  /** The live session with this id. */
  public Optional<Session> find(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    Optional<String> kept = shared.get(SESSIONS, hash(id));
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = kept.get().split("\n", 4);
    if (parts.length < 4) {
      return Optional.empty();
    }
    Session s =
        new Session(
            id,
            Identity.parse(parts[2]),
            parts[3],
            parts[1],
            Instant.ofEpochMilli(Long.parseLong(parts[0])));
    return clock.instant().isBefore(s.expires()) ? Optional.of(s) : Optional.empty();
  }

  /** Ends a session (sign-out), on every replica. */
  public void close(String id) {
    if (id != null && !id.isBlank()) {
      shared.remove(SESSIONS, hash(id));
    }
  }

  public Duration sessionTtl() {
    return sessionTtl;
  }

  private String randomId() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return URL_SAFE.encodeToString(b);
  }

  /** The key a token is kept under: its SHA-256, in hex. */
  static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
