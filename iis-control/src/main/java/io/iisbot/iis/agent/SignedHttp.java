package io.iisbot.iis.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.iis.Sleeper;
import io.iisbot.iis.agent.Wire.ErrorBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Signed requests to one agent: each attempt gets a fresh timestamp and nonce, so a retry is
 * re-signed, never replayed, and is signed for that agent's name. Calls that get no answer are
 * retried with a doubling pause; calls that get one, error or not, are not. An answer is read up to
 * {@link AgentClient#MAX_ANSWER_BYTES} and no further. Thread-safe.
 */
final class SignedHttp {

  private static final ObjectMapper JSON = AgentJson.lenient();

  private final String agent;
  private final String origin;
  private final String basePath;
  private final String keyId;
  private final byte[] secret;
  private final Clock clock;
  private final HttpClient http;
  private final Duration timeout;
  private final int retries;
  private final Duration backoff;
  private final Sleeper sleeper;
  private final AgentErrors errors;
  private final AgentCallListener listener;

  /**
   * @param agent the agent's name, which requests are signed for
   */
  SignedHttp(
      String agent,
      URI base,
      String keyId,
      byte[] secret,
      Clock clock,
      HttpClient http,
      Duration timeout,
      int retries,
      Duration backoff,
      Sleeper sleeper,
      AgentErrors errors,
      AgentCallListener listener) {
    this.agent = AgentAuth.agentName(agent);
    this.origin = base.getScheme() + "://" + base.getRawAuthority();
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.keyId = keyId;
    this.secret = secret.clone();
    this.clock = clock;
    this.http = http;
    this.timeout = timeout;
    this.retries = retries;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.errors = errors;
    this.listener = listener;
  }

  HttpClient client() {
    return http;
  }

  Duration timeout() {
    return timeout;
  }

  Duration backoff() {
    return backoff;
  }

  AgentErrors errors() {
    return errors;
  }

  /**
   * Sends a call and reads a 2xx answer as {@code type}; anything else becomes an {@link
   * AgentException}. Only for idempotent calls, since a call without an answer is sent again.
   *
   * @param what the call, for messages: "the snapshot request"
   * @param answer what a good answer holds, for messages: "a snapshot"
   */
  <T> T call(
      String method,
      String path,
      String query,
      Object body,
      String what,
      Class<T> type,
      String answer) {
    long started = System.nanoTime();
    String outcome = "ok";
    try {
      HttpResponse<byte[]> r = send(method, path, query, body == null ? null : write(body), what);
      if (r.statusCode() < 200 || r.statusCode() > 299) {
        throw errors.answer(
            r.statusCode(), errorBody(new String(r.body(), StandardCharsets.UTF_8)));
      }
      try {
        return JSON.readValue(r.body(), type);
      } catch (IOException | RuntimeException e) {
        throw errors.unreadable(answer, e);
      }
    } catch (AgentException e) {
      outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
      throw e;
    } finally {
      told(method + " " + path, started, outcome);
    }
  }

  /**
   * Tells the listener of a call that began at {@code started} ({@link System#nanoTime}), with its
   * path's operation id as {@code {id}}.
   */
  void told(String route, long started, String outcome) {
    try {
      listener.called(
          agent,
          route.replaceFirst("/v1/operations/[^/]+", "/v1/operations/{id}"),
          Duration.ofNanos(System.nanoTime() - started),
          outcome);
    } catch (RuntimeException e) {
      // counting must never break a call
    }
  }

  private HttpResponse<byte[]> send(
      String method, String path, String query, byte[] body, String what) {
    Duration pause = backoff;
    for (int attempt = 1; ; attempt++) {
      HttpRequest request = signed(method, path, query, body).build();
      ConnectionFailure failure;
      Duration wait = pause;
      try {
        // The request's timeout ends at the headers; the body gets what is left of the same time.
        // (send, not sendAsync: sendAsync hands every answer on to CompletableFuture's default
        // executor, which on a machine of one or two cores starts a new thread for each.)
        HttpResponse<byte[]> r =
            http.send(
                request,
                BoundedBody.handler(
                    AgentClient.MAX_ANSWER_BYTES, System.nanoTime() + timeout.toNanos()));
        ErrorBody refusal =
            r.statusCode() == 401 ? errorBody(new String(r.body(), StandardCharsets.UTF_8)) : null;
        if (!isOwnReplay(r.statusCode(), refusal)) {
          return r;
        }
        failure = new ConnectionFailure(ConnectionFailure.Reason.CLOSED, null);
        // Refused as signed before the agent (re)started, perhaps: the next stamp must be later.
        Duration toNextSecond = Duration.ofMillis(1000 - Math.floorMod(clock.millis(), 1000));
        wait = toNextSecond.compareTo(pause) > 0 ? toNextSecond : pause;
      } catch (IOException e) {
        AnswerTooLarge large = AnswerTooLarge.in(e);
        if (large != null) {
          throw errors.tooLarge(large, what);
        }
        failure = ConnectionFailure.of(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.interrupted(what);
      }
      // An agent that sat on a request for the whole timeout is not quicker the second time;
      // asking again would only make a chat command wait two or three times as long. (A stalled
      // progress stream is another matter: the follower resumes it.)
      boolean again =
          failure.reason.retryable && failure.reason != ConnectionFailure.Reason.TIMEOUT;
      if (!again || attempt > retries) {
        throw errors.noAnswer(failure, what, attempt, timeout);
      }
      pause(wait, what);
      pause = pause.multipliedBy(2);
    }
  }

  /** A request with a fresh signature: now from the injected clock, and a new nonce. */
  HttpRequest.Builder signed(String method, String path, String query, byte[] body) {
    String rawPath = basePath + path;
    byte[] bytes = body == null ? new byte[0] : body;
    String authorization =
        AgentAuth.header(
            keyId,
            secret,
            agent,
            method,
            rawPath,
            query,
            Math.floorDiv(clock.millis(), 1000),
            AgentAuth.newNonce(),
            bytes);
    URI uri = URI.create(origin + rawPath + (query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    if (body == null) {
      return b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
  }

  /** Waits before trying again. */
  void pause(Duration d, String what) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.interrupted(what);
    }
  }

  /**
   * Whether the agent refused a request as a replay of itself. Each attempt here has its own nonce,
   * so only the transport can have sent it twice: {@link HttpClient} resends a GET on its own, same
   * headers and all, when a connection dies before any answer, though the agent may have seen the
   * first copy. The first copy's answer is lost, which is a reason to retry (re-signed), not an
   * authentication failure. The agent says the same of a request stamped before it last started (it
   * forgot the nonces it saw before): signed again a moment later, the request goes through.
   */
  static boolean isOwnReplay(int status, ErrorBody body) {
    return status == 401 && body != null && "replayed".equals(body.error());
  }

  /** The agent's error body, or null when the answer is not one (a proxy's page, say). */
  static ErrorBody errorBody(String text) {
    try {
      ErrorBody b = JSON.readValue(text, ErrorBody.class);
      return b != null && b.error() != null ? b : null;
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }

  /** Reads one JSON value the agent sent, e.g. an SSE event's data. */
  <T> T parse(String text, Class<T> type, String what) {
    try {
      return JSON.readValue(text, type);
    } catch (JsonProcessingException | RuntimeException e) {
      throw errors.unreadable(what, e);
    }
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
