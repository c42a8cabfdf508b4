package io.iisbot.adapters.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iisbot.adapters.chat.Identity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Console sign-in: short-lived single-use links issued from chat ({@code /iis console}) and the
 * sessions they open, each carrying the caller's platform identity, a name to show and its own CSRF
 * token. Never memberships: those are asked of the platform at every request, so a session cannot
 * keep a group its person has left. Both live in memory only: a restarted bot asks everyone to sign
 * in again. Thread-safe.
 */
public final class ConsoleSessions {

  /** How long a sign-in link may wait before it is opened. */
  public static final Duration DEFAULT_LINK_TTL = Duration.ofMinutes(10);

  /** At most this many links and this many sessions are kept; the oldest go first. */
  static final int MAX_ENTRIES = 10_000;

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

  /** Whom a sign-in link is for. */
  private record Person(Identity user, String name) {}

  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

  private final Clock clock;
  private final Duration sessionTtl;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Person> links;
  private final Cache<String, Session> sessions;

  /**
   * @param clock the time sessions and links expire by (also drives the caches, so a test clock
   *     expires them without waiting)
   */
  public ConsoleSessions(Clock clock, Duration linkTtl, Duration sessionTtl) {
    this.clock = clock;
    this.sessionTtl = sessionTtl;
    Ticker ticker = () -> clock.millis() * 1_000_000L;
    this.links =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(linkTtl)
            .maximumSize(MAX_ENTRIES)
            .build();
    this.sessions =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(sessionTtl)
            .maximumSize(MAX_ENTRIES)
            .build();
  }

  /** A new single-use sign-in token for the user, shown in the console by this name. */
  public String issueLink(Identity user, String name) {
    String token = randomId();
    links.put(token, new Person(Objects.requireNonNull(user, "user"), name));
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
    // Present only while unexpired; removing it is what makes the link single-use.
    Person p = links.asMap().remove(token);
    return p == null ? Optional.empty() : Optional.of(open(p.user(), p.name()));
  }

  /** Opens a session directly (the demo's identities; tests). */
  public Session open(Identity user, String name) {
    Session s = new Session(randomId(), user, name, randomId(), clock.instant().plus(sessionTtl));
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session with this id. */
  public Optional<Session> find(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    Session s = sessions.getIfPresent(id);
    return s == null || !clock.instant().isBefore(s.expires()) ? Optional.empty() : Optional.of(s);
  }

  /** Ends a session (sign-out). */
  public void close(String id) {
    if (id != null) {
      sessions.invalidate(id);
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
}
