package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the Bot Framework signs its tokens with: the OpenID metadata document names the {@code
 * jwks_uri}, whose RSA keys are kept (Caffeine, {@link #KEPT}) and fetched again early when a token
 * names a key not among them (Microsoft rotates keys), at most once per {@link #MIN_REFRESH}, so a
 * flood of tokens naming made-up keys cannot make the bot hammer Microsoft. A fetch that fails
 * keeps the keys already known. Thread-safe.
 */
final class OpenIdKeys {

  private static final Logger LOG = LoggerFactory.getLogger(OpenIdKeys.class);

  /** How long keys are used before they are fetched again (Microsoft advises daily). */
  static final Duration KEPT = Duration.ofHours(24);

  /** The shortest time between two fetches asked for by an unknown key id. */
  static final Duration MIN_REFRESH = Duration.ofMinutes(1);

  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  /** One key: what it verifies with, and the channels it endorses ({@code msteams}). */
  record Key(RSAKey rsa, Set<String> endorsements) {}

  private record Keys(Map<String, Key> byId) {}

  private static final String ONLY = "keys";

  private final URI metadataUrl;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Ticker ticker;
  private final LoadingCache<String, Keys> cache;
  private final java.util.concurrent.atomic.AtomicBoolean refreshing =
      new java.util.concurrent.atomic.AtomicBoolean();
  private long lastForced;
  private boolean forcedOnce;

  OpenIdKeys(URI metadataUrl, HttpClient http, ObjectMapper json, Ticker ticker) {
    this.metadataUrl = metadataUrl;
    this.http = http;
    this.json = json;
    this.ticker = ticker;
    this.cache = Caffeine.newBuilder().expireAfterWrite(KEPT).ticker(ticker).build(k -> fetch());
  }

  /**
   * The key with this id: from the kept keys, or after fetching them again when it is not among
   * them (and the last such fetch is {@link #MIN_REFRESH} old).
   */
  Optional<Key> key(String kid) {
    Keys now = current();
    Key k = now == null ? null : now.byId().get(kid);
    if (k != null) {
      return Optional.of(k);
    }
    Keys fresh = refreshForUnknown();
    return Optional.ofNullable(fresh == null ? null : fresh.byId().get(kid));
  }

  /** Fetches the keys now if none are kept (the first request then need not). */
  void warm() {
    current();
  }

  private Keys current() {
    try {
      return cache.get(ONLY);
    } catch (RuntimeException e) {
      LOG.warn("could not read the Bot Framework's signing keys from {}: {}", metadataUrl, why(e));
      return null;
    }
  }

  private Keys refreshForUnknown() {
    // One refresh at a time; requests meanwhile use the keys already known, without waiting.
    if (!refreshing.compareAndSet(false, true)) {
      return cache.getIfPresent(ONLY);
    }
    try {
      long t = ticker.read();
      if (forcedOnce && t - lastForced < MIN_REFRESH.toNanos()) {
        return cache.getIfPresent(ONLY);
      }
      forcedOnce = true;
      lastForced = t;
      return fetchAndKeep();
    } finally {
      refreshing.set(false);
    }
  }

  private Keys fetchAndKeep() {
    try {
      Keys fresh = fetch();
      cache.put(ONLY, fresh);
      return fresh;
    } catch (RuntimeException e) {
      LOG.warn(
          "could not refresh the Bot Framework's signing keys from {}: {}", metadataUrl, why(e));
      return cache.getIfPresent(ONLY);
    }
  }

  private static String why(Throwable e) {
    Throwable c = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  private Keys fetch() {
    JsonNode metadata = json(metadataUrl);
    String jwksUri = metadata.path("jwks_uri").asText("");
    URI jwks;
    try {
      jwks = URI.create(jwksUri);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the metadata's jwks_uri is not a URL");
    }
    if (!"https".equals(jwks.getScheme()) && !"http".equals(jwks.getScheme())) {
      throw new IllegalStateException("the metadata has no http(s) jwks_uri");
    }
    JsonNode set = json(jwks);
    JWKSet keys;
    try {
      keys = JWKSet.parse(json.writeValueAsString(set));
    } catch (ParseException | IOException e) {
      throw new IllegalStateException("the key set at " + jwks + " is not a JWK set");
    }
    Map<String, Set<String>> endorsements = new HashMap<>();
    for (JsonNode k : set.path("keys")) {
      Set<String> e = new HashSet<>();
      k.path("endorsements").forEach(x -> e.add(x.asText()));
      endorsements.put(k.path("kid").asText(), e);
    }
    Map<String, Key> byId = new HashMap<>();
    for (JWK k : keys.getKeys()) {
      if (k instanceof RSAKey rsa && k.getKeyID() != null) {
        byId.put(
            k.getKeyID(),
            new Key(rsa, Set.copyOf(endorsements.getOrDefault(k.getKeyID(), Set.of()))));
      }
    }
    return new Keys(Map.copyOf(byId));
  }

  private JsonNode json(URI uri) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + r.statusCode());
      }
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(uri + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
