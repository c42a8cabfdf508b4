package io.iisbot.iis.agent.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.agent.AgentAuth.AuthException;
import io.iisbot.iis.agent.AgentAuth.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Checks a request's signature ({@link AgentAuth}) in two steps, so that no body is read for a
 * request its headers already condemn: {@link #precheck} looks at the header alone (well formed, a
 * known key, a timestamp within {@link #WINDOW} of the agent's clock either way); {@link #verify}
 * then checks the HMAC over the body and that the request is new. Thread-safe.
 *
 * <p>Replays. A nonce is remembered until its timestamp can no longer be accepted ({@code ts} +
 * window + {@link #NONCE_MARGIN}), so the window never outlasts the memory: a request stamped 300 s
 * ahead is remembered for 600 s and more, not for a fixed time from its arrival. The memory is lost
 * when the agent restarts; rather than keep nonces on disk, the agent refuses every request stamped
 * before it started. Its start is the first whole second after the verifier is made, and the agent
 * serves nothing before then ({@link #startedAt()}), so a request stamped in or after that second
 * was signed after the previous run had ended. That needs no state to protect, corrupt or write per
 * request. What it costs: up to a second at start; for as long as the bot's clock lags the agent's
 * after a restart, the bot's requests are refused as possible replays (a client signs again once,
 * and should keep both clocks synchronised, as the 300 s window already asks); and a request
 * stamped ahead of the agent's clock and captured before a restart could still be replayed after
 * it, within its window (TLS between bot and agent keeps requests from being captured).
 */
final class RequestVerifier {

  /** The accepted difference between a request's timestamp and the agent's clock, either way. */
  static final Duration WINDOW = Duration.ofSeconds(300);

  /** How much longer than the window a nonce is remembered: a stamp is whole seconds. */
  static final Duration NONCE_MARGIN = Duration.ofSeconds(5);

  /** Bounds the nonce memory; a flood past it could only replay within the window. */
  static final long MAX_NONCES = 1_000_000;

  private final String agent;
  private final Map<String, byte[]> secrets;
  private final Clock clock;
  private final long startedAtMillis;
  private final Cache<String, Long> seen;

  /**
   * @param agent this agent's name, which requests must be signed for
   * @param clock the agent's clock; the first whole second on it from now is the agent's start
   */
  RequestVerifier(String agent, Map<String, byte[]> secrets, Clock clock) {
    this.agent = AgentAuth.agentName(agent);
    this.secrets = Map.copyOf(secrets);
    this.clock = clock;
    this.startedAtMillis = Math.floorDiv(clock.millis() + 999, 1000) * 1000;
    this.seen =
        Caffeine.newBuilder()
            .ticker(() -> clock.millis() * 1_000_000L)
            .expireAfter(
                Expiry.creating(
                    (String nonce, Long forgetAt) ->
                        Duration.ofMillis(Math.max(0, forgetAt - clock.millis()))))
            .maximumSize(MAX_NONCES)
            .build();
  }

  /**
   * When this agent starts, a whole second: requests stamped before it are refused as possible
   * replays, so the agent must not serve before it.
   */
  Instant startedAt() {
    return Instant.ofEpochMilli(startedAtMillis);
  }

  /**
   * What the header alone can tell, before any body is read.
   *
   * @throws AuthException with the precise reason, for the log
   */
  Credentials precheck(String header) {
    Credentials c = AgentAuth.parse(header);
    if (!secrets.containsKey(c.keyId())) {
      throw new AuthException("unknown key \"" + c.keyId() + "\"");
    }
    requireWithinWindow(c);
    return c;
  }

  /**
   * Checks the signature over the request, then that the request is new, and remembers its nonce.
   *
   * @return the key id that signed the request
   * @throws AuthException with the precise reason, for the log; code {@code replayed} only for a
   *     correctly signed request
   */
  String verify(Credentials c, String method, String path, String query, byte[] body) {
    byte[] secret = secrets.get(c.keyId());
    if (secret == null) {
      throw new AuthException("unknown key \"" + c.keyId() + "\"");
    }
    String expected =
        AgentAuth.signature(
            secret, AgentAuth.canonical(agent, method, path, query, c.ts(), c.nonce(), body));
    if (!AgentAuth.matches(expected, c.sig())) {
      throw new AuthException(
          "bad signature for key \""
              + c.keyId()
              + "\" (wrong secret, or not signed for agent \""
              + agent
              + "\", or the request changed on the way)");
    }
    // Reading the body took time: the stamp must still be acceptable now, when the nonce is kept.
    requireWithinWindow(c);
    if (c.ts() * 1000 < startedAtMillis) { // stamps are whole seconds; the start is one too
      throw new AuthException(
          "replayed",
          "signed at "
              + Instant.ofEpochSecond(c.ts())
              + ", before this agent started at "
              + startedAt()
              + ": it may be a replay from before the restart");
    }
    long forgetAt = (c.ts() + WINDOW.toSeconds() + NONCE_MARGIN.toSeconds()) * 1000;
    // Recorded only after the signature holds, so nobody can burn another client's nonces.
    if (seen.asMap().putIfAbsent(c.keyId() + ":" + c.nonce(), forgetAt) != null) {
      throw new AuthException("replayed", "nonce " + c.nonce() + " already used");
    }
    return c.keyId();
  }

  private void requireWithinWindow(Credentials c) {
    long now = Math.floorDiv(clock.millis(), 1000);
    if (Math.abs(now - c.ts()) > WINDOW.toSeconds()) {
      throw new AuthException(
          "timestamp "
              + c.ts()
              + " is "
              + (now - c.ts())
              + " s from the agent's clock ("
              + now
              + "); the limit is "
              + WINDOW.toSeconds()
              + " s either way");
    }
  }
}
