package io.iisbot.iis.agent;

import io.iisbot.iis.agent.Wire.ErrorBody;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Progress;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows an operation's progress stream to its result across dropped and stalled connections: each
 * reconnect is signed afresh and asks to resume after the last event delivered ({@code
 * Last-Event-ID}), so no event is delivered twice or lost. It gives up after so many reconnects in
 * a row that bring nothing new. Thread-safe; each call follows on the calling thread.
 */
final class ProgressFollower {

  /**
   * The longest pause between reconnects: with the default 5 reconnects and 250 ms first pause, a
   * dead agent is given up on within 6 s (0.25 + 0.5 + 1 + 2 + 2), so the bot can say so in chat
   * within 10 s; the bot keeps asking the agent afterwards, so giving up early loses nothing.
   */
  static final Duration MAX_PAUSE = Duration.ofSeconds(2);

  private final SignedHttp http;
  private final int maxQuietReconnects;

  ProgressFollower(SignedHttp http, int maxQuietReconnects) {
    this.http = http;
    this.maxQuietReconnects = maxQuietReconnects;
  }

  OperationResult follow(String id, Consumer<Progress> onProgress) {
    long started = System.nanoTime();
    String outcome = "ok";
    try {
      return followFrom(id, onProgress);
    } catch (AgentException e) {
      outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
      throw e;
    } finally {
      http.told("GET /v1/operations/" + id + "/progress", started, outcome);
    }
  }

  private OperationResult followFrom(String id, Consumer<Progress> onProgress) {
    AgentErrors errors = http.errors();
    String what = "the progress of operation " + id;
    long delivered = 0;
    int quiet = 0;
    Duration pause = http.backoff();
    ConnectionFailure lastFailure = null;
    while (true) {
      HttpRequest.Builder request =
          http.signed("GET", "/v1/operations/" + id + "/progress", "", null);
      // Only this: the agent serves no stream to a request that also accepts JSON.
      request.setHeader("Accept", "text/event-stream");
      if (delivered > 0) {
        request.header("Last-Event-ID", Long.toString(delivered));
      }
      try (SseStream stream = SseStream.open(http.client(), request.build(), http.timeout())) {
        int status = stream.status();
        if (status != 200) {
          ErrorBody body = SignedHttp.errorBody(stream.body());
          if (SignedHttp.isOwnReplay(status, body)) {
            throw new ConnectionFailure(ConnectionFailure.Reason.CLOSED, null);
          }
          throw errors.answer(status, body);
        }
        for (SseStream.Event e = stream.nextEvent(); e != null; e = stream.nextEvent()) {
          if (e.id() > 0 && e.id() <= delivered) {
            continue; // the agent resumes after Last-Event-ID; this only guards against a repeat
          }
          switch (e.event()) {
            case "progress" -> {
              onProgress.accept(http.parse(e.data(), Progress.class, "a progress event"));
              delivered = e.id() > 0 ? e.id() : delivered;
              quiet = 0;
              pause = http.backoff();
            }
            case "result" -> {
              return http.parse(e.data(), OperationResult.class, "the result");
            }
            case "error" -> {
              // Sent in place of the stream once it had begun, e.g. for an unknown operation.
              ErrorBody body = http.parse(e.data(), ErrorBody.class, "an error");
              throw errors.answer(statusOf(body.error()), body);
            }
            default -> {
              // An event type a newer agent may add; nothing this client needs.
            }
          }
        }
        lastFailure = null; // it ended without a result: dropped between events
      } catch (AnswerTooLarge large) {
        throw errors.tooLarge(large, what);
      } catch (ConnectionFailure f) {
        if (!f.reason.retryable) {
          throw errors.noAnswer(f, what, 1, http.timeout());
        }
        lastFailure = f;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.interrupted(what);
      }
      if (++quiet > maxQuietReconnects) {
        throw errors.lostStream(lastFailure, id, maxQuietReconnects);
      }
      http.pause(pause, what);
      Duration doubled = pause.multipliedBy(2);
      pause = doubled.compareTo(MAX_PAUSE) <= 0 ? doubled : MAX_PAUSE;
    }
  }

  private static int statusOf(String code) {
    return switch (code == null ? "" : code) {
      case "not_found" -> 404;
      case "bad_request" -> 400;
      case "unauthorized" -> 401;
      case "host_error" -> 502;
      default -> 500;
    };
  }
}
