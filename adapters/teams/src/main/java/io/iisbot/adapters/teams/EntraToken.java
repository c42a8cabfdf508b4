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
  private String token;
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
   * The token to send.
   *
   * @throws ConnectorException when Entra gives none (the reason, never the secret)
   */
  synchronized String get() {
    if (token != null && clock.instant().isBefore(renewAt)) {
      return token;
    }
    String form =
        "grant_type=client_credentials&client_id="
            + enc(appId)
            + "&client_secret="
            + enc(secret)
            + "&scope="
            + enc(SCOPE);
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(tokenUrl)
                  .timeout(Duration.ofSeconds(15))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new ConnectorException(
            "Microsoft Entra refused the bot's token request (" + r.statusCode() + ")",
            r.statusCode());
      }
      JsonNode t = json.readTree(r.body());
      String access = t.path("access_token").asText("");
      long seconds = t.path("expires_in").asLong(0);
      if (access.isEmpty() || seconds <= 0) {
        throw new ConnectorException("Microsoft Entra's token answer has no token", 0);
      }
      token = access;
      Duration life = Duration.ofSeconds(seconds);
      Duration keep =
          life.compareTo(EARLY.multipliedBy(2)) > 0 ? life.minus(EARLY) : life.dividedBy(2);
      renewAt = clock.instant().plus(keep);
      return token;
    } catch (IOException e) {
      throw new ConnectorException(
          "Microsoft Entra could not be reached for a token: " + e.getClass().getSimpleName(), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException("interrupted while getting a token", 0);
    }
  }

  /** Forgets the token (the connector refused it). */
  synchronized void forget() {
    token = null;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
