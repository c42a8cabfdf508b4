package io.iisbot.iis.agent;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Server-Sent Events connection, read with a timeout on every wait: the HTTP client pushes
 * lines into a queue and the caller polls it, so a stream that goes quiet ends in a {@link
 * ConnectionFailure} instead of a read that blocks forever. An event counts only once its closing
 * blank line arrived, so a connection cut mid-event yields nothing of that event. One reader
 * thread; {@link #close()} may be called from any.
 */
final class SseStream implements AutoCloseable {

  /** A dispatched event; {@code id} is -1 when it had none. */
  record Event(String event, long id, String data) {}

  private sealed interface Item permits Status, Line, End, Failed {}

  private record Status(int code) implements Item {}

  private record Line(String text) implements Item {}

  private record End() implements Item {}

  private record Failed(Throwable error) implements Item {}

  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Duration readTimeout;
  private final CompletableFuture<HttpResponse<Void>> response;
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  private boolean ended;

  private SseStream(HttpClient http, HttpRequest request, Duration readTimeout) {
    this.readTimeout = readTimeout;
    Flow.Subscriber<String> lines =
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed) {
              s.cancel();
            } else {
              s.request(Long.MAX_VALUE);
            }
          }

          @Override
          public void onNext(String line) {
            queue.add(new Line(line));
          }

          @Override
          public void onError(Throwable t) {
            queue.add(new Failed(t));
          }

          @Override
          public void onComplete() {
            queue.add(new End());
          }
        };
    HttpResponse.BodyHandler<Void> handler =
        info -> {
          queue.add(new Status(info.statusCode()));
          // A null separator splits on \n, \r and \r\n, as the SSE format allows.
          return HttpResponse.BodySubscribers.fromLineSubscriber(
              lines, s -> null, StandardCharsets.UTF_8, null);
        };
    this.response = http.sendAsync(request, handler);
    response.whenComplete(
        (r, error) -> {
          if (error != null) {
            queue.add(new Failed(error));
          }
        });
  }

  /** Sends the request; nothing is read yet. */
  static SseStream open(HttpClient http, HttpRequest request, Duration readTimeout) {
    return new SseStream(http, request, readTimeout);
  }

  /** Waits for the response's status line. */
  int status() throws ConnectionFailure, InterruptedException {
    Item item = next();
    if (item instanceof Status s) {
      return s.code();
    }
    throw failure(item);
  }

  /** The rest of the body as text, for an error answer. */
  String body() throws ConnectionFailure, InterruptedException {
    StringBuilder b = new StringBuilder();
    for (Item item = next(); !(item instanceof End); item = next()) {
      if (item instanceof Line l) {
        b.append(l.text()).append('\n');
      } else {
        throw failure(item);
      }
    }
    return b.toString();
  }

  /**
   * The next complete event, or null when the stream ended.
   *
   * @throws ConnectionFailure when it broke or stayed silent longer than the read timeout
   */
  Event nextEvent() throws ConnectionFailure, InterruptedException {
    String event = null;
    long id = -1;
    StringBuilder data = null;
    while (true) {
      Item item = next();
      if (item instanceof End) {
        return null;
      }
      if (!(item instanceof Line l)) {
        throw failure(item);
      }
      String line = l.text();
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(event == null ? "message" : event, id, data.toString());
        }
        event = null;
        id = -1;
        continue;
      }
      if (line.startsWith(":")) {
        continue; // a comment: the agent's heartbeat
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "data" ->
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "id" -> id = parseId(value);
        default -> {
          // "retry" and unknown fields: the format says to ignore them.
        }
      }
    }
  }

  private Item next() throws ConnectionFailure, InterruptedException {
    if (ended) {
      return new End();
    }
    Item item = queue.poll(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (item == null) {
      close();
      throw new ConnectionFailure(
          ConnectionFailure.Reason.TIMEOUT,
          new HttpTimeoutException("nothing read for " + readTimeout));
    }
    if (item instanceof End || item instanceof Failed) {
      ended = true;
    }
    return item;
  }

  private static ConnectionFailure failure(Item item) {
    if (item instanceof Failed f) {
      return ConnectionFailure.of(f.error());
    }
    return new ConnectionFailure(
        ConnectionFailure.Reason.CLOSED,
        new java.io.EOFException("the stream ended unexpectedly: " + item));
  }

  private static long parseId(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1; // not one of the agent's numbered events; it cannot be resumed from
    }
  }

  /** Drops the connection; safe to call more than once, from any thread. */
  @Override
  public void close() {
    closed = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    response.cancel(true);
  }
}
