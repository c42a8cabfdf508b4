package io.iisbot.iis.agent.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.agent.AgentAuth.AuthException;
import io.iisbot.iis.agent.AgentAuth.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Checks a request's signature: a known key, a valid HMAC (compared in constant time), a timestamp
 * within 300 s of the agent's clock either way, and a nonce not seen within the window.
 * Thread-safe.
 */
final class RequestVerifier {

  static final Duration MAX_SKEW = Duration.ofSeconds(300);

  /** Bounds the nonce memory; a flood past it could only replay within the skew window. */
  static final long MAX_NONCES = 1_000_000;

  private final Map<String, byte[]> secrets;
  private final Clock clock;
  private final Cache<String, Boolean> seen;

  RequestVerifier(Map<String, byte[]> secrets, Clock clock) {
    this.secrets = Map.copyOf(secrets);
    this.clock = clock;
    this.seen =
        Caffeine.newBuilder()
            .ticker(() -> clock.millis() * 1_000_000L)
            .expireAfterWrite(MAX_SKEW.multipliedBy(2))
            .maximumSize(MAX_NONCES)
            .build();
  }

  /**
   * @return the key id that signed the request
   * @throws AuthException saying why it was refused (safe to return to the caller)
   */
  String verify(String method, String path, String query, String header, byte[] body) {
    Credentials c = AgentAuth.parse(header);
    byte[] secret = secrets.get(c.keyId());
    if (secret == null) {
      throw new AuthException("unknown key \"" + c.keyId() + "\"");
    }
    long now = clock.millis() / 1000;
    if (Math.abs(now - c.ts()) > MAX_SKEW.toSeconds()) {
      throw new AuthException(
          "timestamp "
              + c.ts()
              + " is "
              + Math.abs(now - c.ts())
              + " s from the agent's clock ("
              + now
              + "); the limit is "
              + MAX_SKEW.toSeconds()
              + " s: check both clocks");
    }
    String expected =
        AgentAuth.signature(
            secret, AgentAuth.canonical(method, path, query, c.ts(), c.nonce(), body));
    if (!AgentAuth.matches(expected, c.sig())) {
      throw new AuthException("bad signature for key \"" + c.keyId() + "\"");
    }
    // Recorded only after the signature holds, so nobody can burn another client's nonces.
    if (seen.asMap().putIfAbsent(c.keyId() + ":" + c.nonce(), Boolean.TRUE) != null) {
      throw new AuthException("replayed", "nonce already used: this request was replayed");
    }
    return c.keyId();
  }
}
