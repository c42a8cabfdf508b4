package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The Bot Connector calls the bot makes ({@code {serviceUrl}/v3/conversations/…}) with its Entra
 * token. Answers Teams gives for "not now" are retried, bounded ({@link #MAX_ATTEMPTS}): 429 after
 * its {@code Retry-After} (at most {@link #MAX_WAIT}), 412, 502 and 504 after a doubling wait; a
 * 401 once with a fresh token. Waits are scheduled, never slept on a thread; each call's future
 * completes with the answer or a {@link ConnectorException}. Thread-safe.
 */
final class Connector {

  static final int MAX_ATTEMPTS = 5;
  static final Duration MAX_WAIT = Duration.ofSeconds(30);
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Set<Integer> AGAIN = Set.of(412, 429, 502, 504);

  private final EntraToken token;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration retryBase;
  private final Executor executor;

  Connector(
      EntraToken token, HttpClient http, ObjectMapper json, Duration retryBase, Executor executor) {
    this.token = token;
    this.http = http;
    this.json = json;
    this.retryBase = retryBase;
    this.executor = executor;
  }

  /** Sends an activity to a conversation; completes with the new activity's id. */
  CompletableFuture<String> send(String serviceUrl, String conversation, JsonNode activity) {
    return call(
            "POST", serviceUrl, "v3/conversations/" + enc(conversation) + "/activities", activity)
        .thenApply(r -> r.path("id").asText(""));
  }

  /** Replaces an activity the bot sent ({@code PUT …/activities/{id}}): the card in place. */
  CompletableFuture<JsonNode> update(
      String serviceUrl, String conversation, String activityId, JsonNode activity) {
    ObjectNode body = activity.deepCopy();
    body.put("id", activityId);
    return call(
        "PUT",
        serviceUrl,
        "v3/conversations/" + enc(conversation) + "/activities/" + enc(activityId),
        body);
  }

  /**
   * Opens (or finds) the bot's personal chat with a user ({@code POST /v3/conversations});
   * completes with its conversation id.
   *
   * @param user the user's Teams id ({@code 29:…})
   */
  CompletableFuture<String> personalChat(
      String serviceUrl, String botId, String user, String tenantId) {
    ObjectNode body = json.createObjectNode();
    body.put("isGroup", false);
    body.putObject("bot").put("id", botId);
    body.putArray("members").addObject().put("id", user);
    body.put("tenantId", tenantId);
    body.putObject("channelData").putObject("tenant").put("id", tenantId);
    return call("POST", serviceUrl, "v3/conversations", body)
        .thenApply(
            r -> {
              String id = r.path("id").asText("");
              if (id.isEmpty()) {
                throw new ConnectorException("the connector opened no personal chat", 0);
              }
              return id;
            });
  }

  private CompletableFuture<JsonNode> call(
      String method, String serviceUrl, String path, JsonNode body) {
    URI uri = URI.create((serviceUrl.endsWith("/") ? serviceUrl : serviceUrl + "/") + path);
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return attempt(method, uri, bytes, 1, false);
  }

  private CompletableFuture<JsonNode> attempt(
      String method, URI uri, byte[] body, int n, boolean freshToken) {
    return token
        .get()
        .thenCompose(
            t ->
                http.sendAsync(
                    HttpRequest.newBuilder(uri)
                        .timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + t)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray()))
        .handle(
            (r, e) -> {
              if (e != null) {
                Throwable c =
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (c instanceof ConnectorException ce) {
                  return CompletableFuture.<JsonNode>failedFuture(ce);
                }
                return again(
                    method, uri, body, n, Optional.empty(), 0, c.getClass().getSimpleName());
              }
              int s = r.statusCode();
              if (s >= 200 && s < 300) {
                return CompletableFuture.completedFuture(parse(r.body()));
              }
              if ((s == 401 || s == 403) && !freshToken) {
                token.forget();
                return attempt(method, uri, body, n + 1, true);
              }
              if (AGAIN.contains(s)) {
                return again(method, uri, body, n, retryAfter(r), s, "answered " + s);
              }
              return CompletableFuture.<JsonNode>failedFuture(
                  new ConnectorException(method + " " + describe(uri) + " answered " + s, s));
            })
        .thenCompose(f -> f);
  }

  private CompletableFuture<JsonNode> again(
      String method,
      URI uri,
      byte[] body,
      int n,
      Optional<Duration> after,
      int status,
      String why) {
    if (n >= MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(
          new ConnectorException(
              method + " " + describe(uri) + " " + why + " " + n + " times; giving up", status));
    }
    Duration wait = after.orElse(retryBase.multipliedBy(1L << (n - 1)));
    if (wait.compareTo(MAX_WAIT) > 0) {
      wait = MAX_WAIT;
    }
    Executor later =
        CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, executor);
    return CompletableFuture.supplyAsync(() -> null, later)
        .thenCompose(x -> attempt(method, uri, body, n + 1, false));
  }

  /** {@code Retry-After} in seconds, when the answer has one. */
  private static Optional<Duration> retryAfter(HttpResponse<?> r) {
    OptionalLong s =
        r.headers()
            .firstValue("Retry-After")
            .map(
                v -> {
                  try {
                    return OptionalLong.of(Long.parseLong(v.strip()));
                  } catch (NumberFormatException e) {
                    // An HTTP date: the doubling wait serves as well.
                    return OptionalLong.empty();
                  }
                })
            .orElse(OptionalLong.empty());
    return s.isPresent() && s.getAsLong() >= 0
        ? Optional.of(Duration.ofSeconds(Math.min(s.getAsLong(), MAX_WAIT.toSeconds())))
        : Optional.empty();
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }

  /** The call for a log line: the path's shape, not the conversation ids in it. */
  private static String describe(URI uri) {
    String p = uri.getRawPath();
    return p.replaceAll("/conversations/[^/]+", "/conversations/{id}")
        .replaceAll("/activities/[^/]+", "/activities/{id}");
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
