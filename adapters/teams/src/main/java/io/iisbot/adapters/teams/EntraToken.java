package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The bot's own token for the Bot Connector: Microsoft Entra's client-credentials grant (app id and
 * secret, the tenant's token URL, scope {@value #SCOPE}), kept until {@link #EARLY} before it
 * expires. Thread-safe: one fetch at a time.
 */
final class EntraToken {

  static final String SCOPE = "https://api.botframework.com/.default";

  /** A token is fetched again this long before it expires. */
  static final Duration EARLY = Duration.ofMinutes(5);

  private final URI tokenUrl;
  private final String appId;
  private final String secret;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Clock clock;
  private CompletableFuture<String> pending;
  private Instant renewAt = Instant.MIN;

  EntraToken(
      URI tokenUrl, String appId, String secret, HttpClient http, ObjectMapper json, Clock clock) {
    this.tokenUrl = tokenUrl;
    this.appId = appId;
    this.secret = secret;
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  /**
   * The token to send: the kept one, or one being fetched (one fetch at a time, never blocking a
   * thread while Entra answers).
   *
   * @return completes with the token, or with a {@link ConnectorException} when Entra gives none
   *     (the reason, never the secret)
   */
  synchronized CompletableFuture<String> get() {
    if (pending != null
        && (!pending.isDone()
            || (!pending.isCompletedExceptionally() && clock.instant().isBefore(renewAt)))) {
      return pending;
    }
    String form =
        "grant_type=client_credentials&client_id="
            + enc(appId)
            + "&client_secret="
            + enc(secret)
            + "&scope="
            + enc(SCOPE);
    CompletableFuture<String> fetch =
        http.sendAsync(
                HttpRequest.newBuilder(tokenUrl)
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .handle(
                (r, e) -> {
                  if (e != null) {
                    Throwable c = e.getCause() != null ? e.getCause() : e;
                    throw new ConnectorException(
                        "Microsoft Entra could not be reached for a token: "
                            + c.getClass().getSimpleName(),
                        0);
                  }
                  return read(r);
                });
    pending = fetch;
    return fetch;
  }

  private String read(HttpResponse<byte[]> r) {
    if (r.statusCode() != 200) {
      throw new ConnectorException(
          "Microsoft Entra refused the bot's token request (" + r.statusCode() + ")",
          r.statusCode());
    }
    JsonNode t;
    try {
      t = json.readTree(r.body());
    } catch (IOException e) {
      throw new ConnectorException("Microsoft Entra's token answer is not JSON", 0);
    }
    String access = t.path("access_token").asText("");
    long seconds = t.path("expires_in").asLong(0);
    if (access.isEmpty() || seconds <= 0) {
      throw new ConnectorException("Microsoft Entra's token answer has no token", 0);
    }
    Duration life = Duration.ofSeconds(seconds);
    Duration keep =
        life.compareTo(EARLY.multipliedBy(2)) > 0 ? life.minus(EARLY) : life.dividedBy(2);
    synchronized (this) {
      renewAt = clock.instant().plus(keep);
    }
    return access;
  }

  /** Forgets the token (the connector refused it). */
  synchronized void forget() {
    renewAt = Instant.MIN;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
